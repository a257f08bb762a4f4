import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { telehealthConsentKinds, type ConsentKind, type ConsentRecordKind } from "./core/consent-rules";

export type ConsentTextDto<K extends ConsentRecordKind = ConsentKind> = {
  id: string;
  kind: K;
  version: number;
  title: string;
  body: string;
  createdAt: string;
};

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

/** The current (highest) version of each consent text. Not PHI. */
export async function getCurrentConsentTexts(): Promise<Record<ConsentKind, ConsentTextDto | null>> {
  const texts = await db.consentText.findMany({
    where: { kind: { in: [...telehealthConsentKinds] } },
    orderBy: [{ kind: "asc" }, { version: "desc" }],
    distinct: ["kind"],
  });
  const pick = (k: ConsentKind) => {
    const t = texts.find((x) => x.kind === k);
    return t
      ? { id: t.id, kind: k, version: t.version, title: t.title, body: t.body, createdAt: t.createdAt.toISOString() }
      : null;
  };
  return { VIDEO: pick("VIDEO"), PHONE: pick("PHONE") };
}

/** Every version of every kind of text (telehealth consent and the patient agreement), for the admin page. */
export async function listConsentTexts(actor: Actor): Promise<ConsentTextDto<ConsentRecordKind>[]> {
  await authorize(actor, canCarePlan(actor.role, "consent.manageTexts"), { entityType: "ConsentText", action: "LIST" });
  const rows = await db.consentText.findMany({ orderBy: [{ kind: "asc" }, { version: "desc" }] });
  return rows.map((t) => ({
    id: t.id,
    kind: t.kind,
    version: t.version,
    title: t.title,
    body: t.body,
    createdAt: t.createdAt.toISOString(),
  }));
}

/** A new version; earlier versions (and the records pointing at them) are never changed. */
export async function publishConsentText(
  actor: Actor,
  input: { kind: ConsentRecordKind; title: string; body: string },
  ctx: RequestContext,
): Promise<{ id: string; version: number }> {
  await authorize(actor, canCarePlan(actor.role, "consent.manageTexts"), {
    entityType: "ConsentText",
    action: "CREATE",
  });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const last = await tx.consentText.findFirst({
          where: { kind: input.kind },
          orderBy: { version: "desc" },
          select: { version: true },
        });
        const t = await tx.consentText.create({
          data: {
            kind: input.kind,
            title: input.title,
            body: input.body,
            version: (last?.version ?? 0) + 1,
            createdById: actor.userId,
          },
          select: { id: true, version: true },
        });
        await writeAudit(
          {
            actor: who(actor),
            action: "CREATE",
            entityType: "ConsentText",
            entityId: t.id,
            outcome: "SUCCESS",
            ctx,
            details: { kind: input.kind, version: t.version },
          },
          tx,
        );
        return t;
      });
    } catch (e) {
      if (pgErrorCode(e) !== "23505") throw e; // a concurrent publish took the version: retry
    }
  }
  throw new AppError("CONFLICT", "Another version was published at the same time. Try again.");
}

/** Refuses a record against a text that is no longer the current version of its kind. */
export async function assertCurrentText(textId: string, kind: ConsentRecordKind, client: Tx | typeof db = db) {
  const current = await client.consentText.findFirst({
    where: { kind },
    orderBy: { version: "desc" },
    select: { id: true },
  });
  if (current?.id !== textId) {
    throw new AppError("CONFLICT", "The consent text has a newer version. Reload the page and read the current one.", {
      textId: ["A newer version exists"],
    });
  }
}
