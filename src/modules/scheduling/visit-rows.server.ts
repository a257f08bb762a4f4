import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../identity/core/roles";
import { ageOn, fullName } from "../patients/core/format";
import type { SlotDto } from "./load-availability.server";
import type { VisitStatus } from "./core/visit-lifecycle";

/** What the visit use cases share: the list and detail shapes, the list select, scoping, the slot-taken error. */
export const SLOT_TAKEN_MESSAGE = "That time was just taken. Choose one of the next free times below.";

/** A booking or reschedule lost a race for its time: carries the next free slots to offer. */
export class SlotTakenError extends AppError {
  constructor(readonly nextSlots: SlotDto[]) {
    super("CONFLICT", SLOT_TAKEN_MESSAGE, { startsAt: ["That time was just taken"] });
  }
}

export type VisitListItem = {
  id: string;
  patientId: string;
  patientName: string;
  patientAge: number;
  clinicianId: string;
  clinicianName: string;
  visitTypeName: string;
  startsAt: string;
  endsAt: string;
  modality: "VIDEO" | "PHONE";
  status: VisitStatus;
  phoneNumber: string | null;
  sequence: number;
  seriesId: string | null;
};

export type VisitDetail = VisitListItem & {
  reason: string;
  cancelReason: string | null;
  patientTimeZone: string;
  patientPhone: string | null;
  patientMrn: string;
  durationMinutes: number;
  visitTypeId: string;
  events: {
    at: string;
    kind: string;
    fromStatus: VisitStatus | null;
    toStatus: VisitStatus | null;
    reason: string | null;
    actorName: string | null;
  }[];
  pendingReminders: number;
};

export const listSelect = {
  id: true,
  patientId: true,
  clinicianId: true,
  startsAt: true,
  endsAt: true,
  modality: true,
  status: true,
  phoneNumber: true,
  sequence: true,
  seriesId: true,
  patient: { select: { givenName: true, familyName: true, birthDate: true } },
  clinician: { select: { name: true } },
  visitType: { select: { name: true } },
} satisfies Prisma.VisitSelect;
export type ListRow = Prisma.VisitGetPayload<{ select: typeof listSelect }>;

export function toListItem(v: ListRow, today: string): VisitListItem {
  return {
    id: v.id,
    patientId: v.patientId,
    patientName: fullName(v.patient),
    patientAge: ageOn(v.patient.birthDate.toISOString().slice(0, 10), today),
    clinicianId: v.clinicianId,
    clinicianName: v.clinician.name,
    visitTypeName: v.visitType.name,
    startsAt: v.startsAt.toISOString(),
    endsAt: v.endsAt.toISOString(),
    modality: v.modality,
    status: v.status,
    phoneNumber: v.phoneNumber,
    sequence: v.sequence,
    seriesId: v.seriesId,
  };
}

export const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

/** A visit's patient, for a refusal's audit row only. */
export async function patientOfVisit(visitId: string): Promise<string | null> {
  return (await db.visit.findUnique({ where: { id: visitId }, select: { patientId: true } }))?.patientId ?? null;
}

export function patientScope(actor: Actor): Prisma.VisitWhereInput {
  return actor.role === "PATIENT" ? { patientId: actor.patientId ?? "00000000-0000-0000-0000-000000000000" } : {};
}
