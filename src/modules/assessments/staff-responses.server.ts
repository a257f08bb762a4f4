import "server-only";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import type { InstrumentCode } from "./core/instruments";
import { canAssessments } from "./policy";
import { assertPatientExists, staff } from "./respondent.server";
import { replayByKey, scoreOrThrow, writeResponse } from "./write-response.server";

/** Staff entry (answers read aloud in a phone or video visit) and corrections. */

/** Answers read aloud in a phone or video visit, recorded as staff-administered with the mode. */
export async function enterStaffResponse(
  actor: Actor,
  patientId: string,
  input: {
    instrument: InstrumentCode;
    mode: "PHONE" | "VIDEO";
    requestId: string | null;
    idempotencyKey: string;
    answers: Record<string, number>;
  },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ responseId: string; safetyFlag: boolean }> {
  await authorize(actor, canAssessments(actor.role, "assessment.enterByStaff"), {
    entityType: "FormResponse",
    patientId,
    action: "CREATE",
  });
  const replay = await replayByKey(input.idempotencyKey, patientId);
  if (replay) return { responseId: replay.id, safetyFlag: replay.safetyFlag };
  await assertPatientExists(patientId);
  const scored = scoreOrThrow(input.instrument, input.answers);
  try {
    return await db.$transaction(async (tx) => {
      if (input.requestId) {
        const done = await tx.formRequest.updateMany({
          where: { id: input.requestId, patientId, status: "PENDING", instrument: input.instrument },
          data: { status: "COMPLETED", completedAt: now },
        });
        if (done.count !== 1)
          throw new AppError("VALIDATION", "That request is not pending for this patient.", {
            requestId: ["Choose a pending request of this patient, or none"],
          });
      }
      return writeResponse(tx, {
        patientId,
        requestId: input.requestId,
        instrument: input.instrument,
        scored,
        mode: input.mode,
        enteredById: actor.userId,
        answeredAt: now,
        idempotencyKey: input.idempotencyKey,
        audit: { actor: staff(actor), ctx, details: { via: "staff_entry" } },
      });
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505" || (e instanceof AppError && e.code === "VALIDATION" && input.requestId)) {
      const again = await replayByKey(input.idempotencyKey, patientId);
      if (again) return { responseId: again.id, safetyFlag: again.safetyFlag };
    }
    if (pgErrorCode(e) === "23505") throw new AppError("CONFLICT", "That request was answered meanwhile.");
    throw e;
  }
}

/** A correction: a new version of the series with a reason. The earlier versions stay as they were. */
export async function correctResponse(
  actor: Actor,
  patientId: string,
  seriesId: string,
  input: { instrument: InstrumentCode; idempotencyKey: string; reason: string; answers: Record<string, number> },
  ctx: RequestContext,
): Promise<{ responseId: string; safetyFlag: boolean; version: number }> {
  await authorize(actor, canAssessments(actor.role, "assessment.correct"), {
    entityType: "FormResponse",
    entityId: seriesId,
    patientId,
    action: "UPDATE",
  });
  const replay = await db.formResponse.findFirst({
    where: { idempotencyKey: input.idempotencyKey, patientId },
    select: { id: true, safetyFlag: true, version: true },
  });
  if (replay) return { responseId: replay.id, safetyFlag: replay.safetyFlag, version: replay.version };
  const scored = scoreOrThrow(input.instrument, input.answers);
  try {
    return await db.$transaction(async (tx) => {
      const versions = await tx.formResponse.findMany({
        where: { seriesId, patientId },
        select: {
          id: true,
          version: true,
          instrument: true,
          requestId: true,
          mode: true,
          answeredAt: true,
          alert: { select: { id: true } },
        },
        orderBy: { version: "desc" },
      });
      const latest = versions[0];
      if (!latest) throw new AppError("NOT_FOUND");
      if (latest.instrument !== input.instrument)
        throw new AppError("VALIDATION", "The form does not match the answer being corrected.");
      const version = latest.version + 1;
      const w = await writeResponse(tx, {
        patientId,
        requestId: latest.requestId,
        instrument: latest.instrument,
        scored,
        mode: latest.mode,
        enteredById: actor.userId,
        answeredAt: latest.answeredAt,
        idempotencyKey: input.idempotencyKey,
        series: { seriesId, version, reason: input.reason, alertExists: versions.some((v) => v.alert) },
        audit: { actor: staff(actor), ctx, details: { via: "correction", correctsId: latest.id } },
      });
      return { ...w, version };
    });
  } catch (e) {
    // Two people correcting at once: (seriesId, version) is unique, so one of them is told to reload.
    if (pgErrorCode(e) === "23505")
      throw new AppError("CONFLICT", "Someone corrected this answer meanwhile. Reload and check the latest version.");
    throw e;
  }
}

/** Pending requests of one patient, for the staff entry form's "answers a request" choice. */
export async function listPendingRequestsForStaff(
  actor: Actor,
  patientId: string,
): Promise<{ id: string; instrument: InstrumentCode; dueAt: string }[]> {
  await authorize(actor, canAssessments(actor.role, "assessment.enterByStaff"), {
    entityType: "FormRequest",
    patientId,
    action: "LIST",
  });
  const rows = await db.formRequest.findMany({
    where: { patientId, status: "PENDING" },
    select: { id: true, instrument: true, dueAt: true },
    orderBy: { dueAt: "asc" },
  });
  return rows.map((r) => ({ id: r.id, instrument: r.instrument, dueAt: r.dueAt.toISOString() }));
}
