import type { Role } from "../identity/core/roles";

/**
 * Who may do what with the FHIR API's configuration. Only admins register and revoke clients
 * (system access to every chart); no person reads FHIR resources through a session: the API's
 * callers are registered systems with a bearer token (docs/decisions/fhir-api.md).
 */
export const fhirActions = ["client.list", "client.register", "client.revoke"] as const;
export type FhirAction = (typeof fhirActions)[number];

const matrix: Record<FhirAction, readonly Role[]> = {
  "client.list": ["ADMIN"],
  "client.register": ["ADMIN"],
  "client.revoke": ["ADMIN"],
};

export function canFhir(role: Role, action: FhirAction): boolean {
  return matrix[action].includes(role);
}
