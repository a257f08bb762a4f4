/**
 * Demo sign-ins (README lists them). No imports, so e2e fixtures can use it without loading the
 * Prisma client into Playwright's process.
 */
export const DEMO_PASSWORD = "demo-clinic-2026";

export const demoAccounts = {
  admin: { email: "admin@demo.clinic", name: "Alex Morgan", role: "ADMIN" },
  clinician: { email: "dr.lee@demo.clinic", name: "Dr. Jordan Lee", role: "CLINICIAN" },
  clinician2: { email: "dr.patel@demo.clinic", name: "Dr. Priya Patel", role: "CLINICIAN" },
  coordinator: { email: "sam.rivera@demo.clinic", name: "Sam Rivera", role: "COORDINATOR" },
  patient: { email: "maria.garcia@demo.patient", name: "Maria Garcia", role: "PATIENT", mrn: "MRN-100001" },
  patient2: { email: "james.walker@demo.patient", name: "James Walker", role: "PATIENT", mrn: "MRN-100002" },
} as const;
