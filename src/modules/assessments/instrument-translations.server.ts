import "server-only";
import { authorize } from "@/server/auth/actor";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import type { InstrumentCode } from "./core/instruments";
import { checkTranslation, type TranslationText } from "./core/instrument-translation";
import { canAssessments } from "./policy";
import { staff } from "./respondent.server";

/**
 * Instrument translations (docs/decisions/i18n.md, "Instrument translations"): an admin imports
 * the authors' published text with its source; a clinician approves it; only then do patients
 * see it. Nothing here writes a translation's words except the import of what the admin pasted.
 */
export type ImportTranslationInput = {
  instrument: InstrumentCode;
  language: string;
  version: string;
  sourceCitation: string;
  text: TranslationText;
};

export async function importInstrumentTranslation(
  actor: Actor,
  input: ImportTranslationInput,
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canAssessments(actor.role, "translation.import"), {
    entityType: "InstrumentTranslation",
    action: "CREATE",
  });
  const check = checkTranslation(input.instrument, input.text);
  if (!check.ok) throw new AppError("VALIDATION", check.problems.join(" "));
  return db.$transaction(async (tx) => {
    const exists = await tx.instrumentTranslation.findUnique({
      where: {
        instrument_language_version: {
          instrument: input.instrument,
          language: input.language,
          version: input.version,
        },
      },
      select: { id: true },
    });
    if (exists) throw new AppError("CONFLICT", "This version of the translation is already imported.");
    const row = await tx.instrumentTranslation.create({
      data: { ...input, text: input.text, importedById: actor.userId },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: staff(actor),
        action: "CREATE",
        entityType: "InstrumentTranslation",
        entityId: row.id,
        patientId: null,
        outcome: "SUCCESS",
        ctx,
        details: { instrument: input.instrument, language: input.language, version: input.version },
      },
      tx,
    );
    return row;
  });
}

/** A clinician approves an imported translation (not one they imported themselves). */
export async function approveInstrumentTranslation(actor: Actor, id: string, ctx: RequestContext): Promise<void> {
  await authorize(actor, canAssessments(actor.role, "translation.approve"), {
    entityType: "InstrumentTranslation",
    entityId: id,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const row = await tx.instrumentTranslation.findUnique({
      where: { id },
      select: { importedById: true, approvedAt: true },
    });
    if (!row) throw new AppError("NOT_FOUND");
    if (row.approvedAt) throw new AppError("CONFLICT", "This translation is already approved.");
    if (row.importedById === actor.userId)
      throw new AppError("CONFLICT", "Another person must approve a translation you imported.");
    await tx.instrumentTranslation.update({
      where: { id },
      data: { approvedById: actor.userId, approvedAt: new Date() },
    });
    await writeAudit(
      {
        actor: staff(actor),
        action: "UPDATE",
        entityType: "InstrumentTranslation",
        entityId: id,
        patientId: null,
        outcome: "SUCCESS",
        ctx,
        details: { approved: true },
      },
      tx,
    );
  });
}

/** The newest approved translation of an instrument into a language, or null (show the original). */
export async function getApprovedTranslation(
  instrument: InstrumentCode,
  language: string,
): Promise<{ version: string; text: TranslationText } | null> {
  const row = await db.instrumentTranslation.findFirst({
    where: { instrument, language, approvedAt: { not: null } },
    orderBy: { approvedAt: "desc" },
    select: { version: true, text: true },
  });
  return row ? { version: row.version, text: row.text as unknown as TranslationText } : null;
}
