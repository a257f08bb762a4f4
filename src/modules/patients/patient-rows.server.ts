import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { ageOn, fullName } from "./core/format";

/** What pages get: plain data, never Prisma rows. */
export type PatientSummary = {
  id: string;
  mrn: string;
  name: string;
  birthDate: string;
  age: number;
  phone: string | null;
  stateOfResidence: string;
  canDoVideo: boolean;
  primaryClinicianName: string | null;
};

export type PatientDetail = PatientSummary & {
  givenName: string;
  familyName: string;
  email: string | null;
  timeZone: string;
  preferredLanguage: string;
  allergies: string | null;
  primaryClinicianId: string | null;
  careTeam: { userId: string; name: string; role: string }[];
  hasPortalAccount: boolean;
};

export const summarySelect = {
  id: true,
  mrn: true,
  givenName: true,
  familyName: true,
  birthDate: true,
  phone: true,
  stateOfResidence: true,
  canDoVideo: true,
  primaryClinician: { select: { name: true } },
} satisfies Prisma.PatientSelect;

export type SummaryRow = Prisma.PatientGetPayload<{ select: typeof summarySelect }>;

export function toSummary(p: SummaryRow, today: string): PatientSummary {
  const birthDate = p.birthDate.toISOString().slice(0, 10);
  return {
    id: p.id,
    mrn: p.mrn,
    name: fullName(p),
    birthDate,
    age: ageOn(birthDate, today),
    phone: p.phone,
    stateOfResidence: p.stateOfResidence,
    canDoVideo: p.canDoVideo,
    primaryClinicianName: p.primaryClinician?.name ?? null,
  };
}

/** The LIST audit row of a patient list (search or own panel); details never carry the search text. */
export async function auditPatientList(
  actor: Actor,
  ctx: RequestContext,
  details: { [key: string]: Prisma.InputJsonValue },
): Promise<void> {
  await writeAudit({
    actor: { userId: actor.userId, role: actor.role },
    action: "LIST",
    entityType: "Patient",
    outcome: "SUCCESS",
    ctx,
    details,
  });
}
