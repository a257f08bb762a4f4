import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client";
import { hashPassword } from "../../server/auth/password";
import { seedAssessments } from "./seed-assessments";
import { DEMO_PASSWORD, demoAccounts } from "./demo-accounts";
import { seedScheduling } from "./seed-scheduling";

/** Ids of the demo rows, for per-domain seeders: users by demo key, patients by MRN. */
export type DemoIds = { users: Record<string, string>; patients: Record<string, string> };
import { seedUdt } from "./seed-udt";
import { seedCarePlan } from "./seed-care-plan";
import { CARE_PROGRAM_DEMO_PATIENTS, seedCareProgram } from "./seed-care-program";

/**
 * Demo data for trying the app and for end-to-end tests. Every row is marked isDemo. Seeding
 * refuses to touch a database that holds any non-demo user or patient (a real clinic's data),
 * and does nothing when the demo data is already there.
 */
export { DEMO_PASSWORD, demoAccounts };

type DemoPatient = {
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  phone: string | null;
  email: string | null;
  timeZone: string;
  preferredLanguage: string;
  stateOfResidence: string;
  canDoVideo: boolean;
  allergies: string | null;
  clinician: "clinician" | "clinician2";
};

// Fictional numbers (NXX-555-01XX are reserved for fiction).
export const demoPatients: DemoPatient[] = [
  {
    mrn: "MRN-100001",
    givenName: "Maria",
    familyName: "Garcia",
    birthDate: "1968-04-12",
    phone: "+12065550142",
    email: "maria.garcia@demo.patient",
    timeZone: "America/Los_Angeles",
    preferredLanguage: "es",
    stateOfResidence: "WA",
    canDoVideo: true,
    allergies: "Penicillin (rash)",
    clinician: "clinician",
  },
  {
    mrn: "MRN-100002",
    givenName: "James",
    familyName: "Walker",
    birthDate: "1955-11-02",
    phone: "+15095550117",
    email: "james.walker@demo.patient",
    timeZone: "America/Los_Angeles",
    preferredLanguage: "en",
    stateOfResidence: "WA",
    canDoVideo: false,
    allergies: null,
    clinician: "clinician",
  },
  {
    mrn: "MRN-100003",
    givenName: "Linda",
    familyName: "Nguyen",
    birthDate: "1972-07-30",
    phone: "+15035550163",
    email: null,
    timeZone: "America/Los_Angeles",
    preferredLanguage: "en",
    stateOfResidence: "OR",
    canDoVideo: true,
    allergies: "Sulfa drugs",
    clinician: "clinician",
  },
  {
    mrn: "MRN-100004",
    givenName: "Robert",
    familyName: "Johnson",
    birthDate: "1960-01-19",
    phone: "+12085550178",
    email: null,
    timeZone: "America/Boise",
    preferredLanguage: "en",
    stateOfResidence: "ID",
    canDoVideo: true,
    allergies: null,
    clinician: "clinician",
  },
  {
    mrn: "MRN-100005",
    givenName: "Patricia",
    familyName: "Brown",
    birthDate: "1949-09-05",
    phone: "+14065550101",
    email: null,
    timeZone: "America/Denver",
    preferredLanguage: "en",
    stateOfResidence: "MT",
    canDoVideo: false,
    allergies: "Codeine (nausea)",
    clinician: "clinician2",
  },
  {
    mrn: "MRN-100006",
    givenName: "Carlos",
    familyName: "Hernandez",
    birthDate: "1981-03-23",
    phone: "+12065550129",
    email: "carlos.h@example.com",
    timeZone: "America/Los_Angeles",
    preferredLanguage: "es",
    stateOfResidence: "WA",
    canDoVideo: true,
    allergies: null,
    clinician: "clinician2",
  },
  {
    mrn: "MRN-100007",
    givenName: "Susan",
    familyName: "Miller",
    birthDate: "1965-12-08",
    phone: "+19075550155",
    email: null,
    timeZone: "America/Anchorage",
    preferredLanguage: "en",
    stateOfResidence: "AK",
    canDoVideo: true,
    allergies: null,
    clinician: "clinician2",
  },
  {
    mrn: "MRN-100008",
    givenName: "David",
    familyName: "Wilson",
    birthDate: "1958-06-14",
    phone: "+13605550190",
    email: null,
    timeZone: "America/Los_Angeles",
    preferredLanguage: "en",
    stateOfResidence: "WA",
    canDoVideo: false,
    allergies: "Latex",
    clinician: "clinician",
  },
  {
    mrn: "MRN-100009",
    givenName: "Angela",
    familyName: "Thompson",
    birthDate: "1975-02-27",
    phone: "+12065550133",
    email: "angela.t@example.com",
    timeZone: "America/Los_Angeles",
    preferredLanguage: "en",
    stateOfResidence: "WA",
    canDoVideo: true,
    allergies: null,
    clinician: "clinician2",
  },
  {
    mrn: "MRN-100010",
    givenName: "Thomas",
    familyName: "Clark",
    birthDate: "1952-10-10",
    phone: "+15415550184",
    email: null,
    timeZone: "America/Los_Angeles",
    preferredLanguage: "en",
    stateOfResidence: "OR",
    canDoVideo: true,
    allergies: null,
    clinician: "clinician",
  },
];

export type SeedResult = { status: "seeded" | "already-seeded" };

export async function seedDemo(databaseUrl: string, log: (l: string) => void = () => undefined): Promise<SeedResult> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 2 }) });
  try {
    const [realUsers, realPatients] = await Promise.all([
      prisma.user.count({ where: { isDemo: false } }),
      prisma.patient.count({ where: { isDemo: false } }),
    ]);
    if (realUsers + realPatients > 0) {
      throw new Error(
        `Refusing to seed demo data: this database holds ${realUsers} non-demo user(s) and ${realPatients} non-demo patient(s).`,
      );
    }
    if ((await prisma.user.count({ where: { isDemo: true } })) > 0) {
      log("demo data already present; nothing to do");
      return { status: "already-seeded" };
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await prisma.$transaction(
      async (tx) => {
        const ids: Record<string, string> = {};
        const patientIds: Record<string, string> = {};
        for (const [key, a] of Object.entries(demoAccounts)) {
          if (a.role === "PATIENT") continue;
          const u = await tx.user.create({
            data: { email: a.email, name: a.name, role: a.role, passwordHash, isDemo: true },
            select: { id: true },
          });
          ids[key] = u.id;
        }
        for (const p of demoPatients) {
          const { clinician, birthDate, ...rest } = p;
          const created = await tx.patient.create({
            data: {
              ...rest,
              birthDate: new Date(`${birthDate}T00:00:00Z`),
              primaryClinicianId: ids[clinician] ?? null,
              isDemo: true,
            },
            select: { id: true },
          });
          patientIds[p.mrn] = created.id;
          if (ids.coordinator) {
            await tx.careTeamMember.create({
              data: { patientId: created.id, userId: ids.coordinator, role: "Care coordinator" },
            });
          }
          const account = Object.values(demoAccounts).find((a) => "mrn" in a && a.mrn === p.mrn);
          if (account) {
            await tx.user.create({
              data: {
                email: account.email,
                name: account.name,
                role: "PATIENT",
                passwordHash,
                patientId: created.id,
                isDemo: true,
              },
            });
          }
        }
        const demoIds: DemoIds = { users: ids, patients: patientIds };
        await seedScheduling(tx, demoIds);
        await seedAssessments(tx, demoIds);
        await seedUdt(tx, demoIds);
        await seedCarePlan(tx, demoIds);
        await seedCareProgram(tx, demoIds);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    log(
      `seeded ${Object.keys(demoAccounts).length} demo accounts and ${demoPatients.length + CARE_PROGRAM_DEMO_PATIENTS} demo patients`,
    );
    return { status: "seeded" };
  } finally {
    await prisma.$disconnect();
  }
}
