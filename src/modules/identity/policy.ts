import type { Role } from "./core/roles";

/** Who may do what with accounts and the audit log. Pure; tested as a role x action matrix. */
export const identityActions = ["user.list", "user.create", "user.update", "audit.read", "account.self"] as const;
export type IdentityAction = (typeof identityActions)[number];

const matrix: Record<IdentityAction, readonly Role[]> = {
  "user.list": ["ADMIN"],
  "user.create": ["ADMIN"],
  "user.update": ["ADMIN"],
  "audit.read": ["ADMIN"],
  "account.self": ["ADMIN", "CLINICIAN", "COORDINATOR", "PATIENT"],
};

export function canIdentity(role: Role, action: IdentityAction): boolean {
  return matrix[action].includes(role);
}
