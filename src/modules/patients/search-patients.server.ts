import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { todayIn } from "./core/format";
import { auditPatientList, type PatientSummary, summarySelect, toSummary } from "./patient-rows.server";
import { canPatients } from "./policy";

export const PAGE_SIZE = 25;

/**
 * Staff search by name, MRN or date of birth (YYYY-MM-DD or MM/DD/YYYY): the Patients page and
 * GET /api/patients, one policy (patient.list). Linking an account is not a search: admins have
 * lookupPatientForLinking (identity/patient-link.server.ts), one exact record, minimal fields.
 */
export async function searchPatients(
  actor: Actor,
  input: { q: string; page: number },
  ctx: RequestContext,
): Promise<{ rows: PatientSummary[]; total: number; page: number; pageSize: number }> {
  await authorize(actor, canPatients(actor.role, "patient.list"), { entityType: "Patient", action: "LIST" });
  const where = patientSearchWhere(input.q);
  const [rows, total] = await Promise.all([
    db.patient.findMany({
      where,
      select: summarySelect,
      orderBy: [{ familyName: "asc" }, { givenName: "asc" }, { id: "asc" }],
      take: PAGE_SIZE,
      skip: (input.page - 1) * PAGE_SIZE,
    }),
    db.patient.count({ where }),
  ]);
  // The search text may be a name (PHI): record only that a search was made and its size.
  await auditPatientList(actor, ctx, { searched: input.q.length > 0, results: rows.length, page: input.page });
  const today = todayIn(getEnv().CLINIC_TIME_ZONE);
  return { rows: rows.map((r) => toSummary(r, today)), total, page: input.page, pageSize: PAGE_SIZE };
}

export function patientSearchWhere(q: string): Prisma.PatientWhereInput {
  const text = q.trim();
  if (!text) return {};
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const date = iso
    ? `${iso[1]}-${iso[2]}-${iso[3]}`
    : us
      ? `${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}`
      : null;
  if (date && !Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return { birthDate: new Date(`${date}T00:00:00Z`) };
  const terms = text.split(/\s+/).slice(0, 4);
  return {
    AND: terms.map((t) => ({
      OR: [
        { givenName: { contains: t, mode: "insensitive" as const } },
        { familyName: { contains: t, mode: "insensitive" as const } },
        { mrn: { equals: t, mode: "insensitive" as const } },
      ],
    })),
  };
}
