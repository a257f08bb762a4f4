/** Roles in the clinic. Kept here (pure) so core code and tests need no Prisma import. */
export const roles = ["ADMIN", "CLINICIAN", "COORDINATOR", "PATIENT"] as const;
export type Role = (typeof roles)[number];

export const staffRoles = ["ADMIN", "CLINICIAN", "COORDINATOR"] as const satisfies readonly Role[];
/** Staff who care for patients and may see clinical data (admins manage accounts, not charts). */
export const careTeamRoles = ["CLINICIAN", "COORDINATOR"] as const satisfies readonly Role[];

export const roleLabels: Record<Role, string> = {
  ADMIN: "Administrator",
  CLINICIAN: "Clinician",
  COORDINATOR: "Care coordinator",
  PATIENT: "Patient",
};

/** Where each role lands after sign-in. */
export const roleHome: Record<Role, string> = {
  ADMIN: "/admin/users",
  CLINICIAN: "/today",
  COORDINATOR: "/patients",
  PATIENT: "/me",
};

export function isStaff(role: Role): boolean {
  return role !== "PATIENT";
}

/** The signed-in person, as every action and data function sees them. */
export type Actor = {
  userId: string;
  sessionId: string;
  role: Role;
  name: string;
  email: string;
  /** Set only for PATIENT users: the one patient record they may see. */
  patientId: string | null;
};
