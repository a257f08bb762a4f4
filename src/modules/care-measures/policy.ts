import type { Role } from "../identity/core/roles";

/**
 * Who may see the clinic's measures (docs/decisions/care-program-measures.md). The figures are
 * aggregates: clinicians, coordinators and admins (who run the clinic) may see and export them.
 * Each figure links to the registry, the patients behind it: only the roles that may open the
 * registry (clinicians and coordinators; not admins, not patients) get those links.
 */
export const measuresActions = ["measures.read", "measures.export", "measures.openRegistry"] as const;
export type MeasuresAction = (typeof measuresActions)[number];

const matrix: Record<MeasuresAction, readonly Role[]> = {
  "measures.read": ["CLINICIAN", "COORDINATOR", "ADMIN"],
  "measures.export": ["CLINICIAN", "COORDINATOR", "ADMIN"],
  "measures.openRegistry": ["CLINICIAN", "COORDINATOR"],
};

export function canMeasures(role: Role, action: MeasuresAction): boolean {
  return matrix[action].includes(role);
}

/** The roles that may open /measures (the page's requireActor and the navigation). */
export const measuresRoles: readonly Role[] = matrix["measures.read"];
