import "server-only";
import { randomUUID } from "node:crypto";
import type { AuditActor } from "@/server/audit";
import { db, type Tx } from "@/server/db";
import { getEnv } from "@/server/env";
import type { RequestContext } from "@/server/request-context";
import { linkPurposes, type LinkPurpose } from "./core/purposes";
import { generateLinkToken } from "./core/token";
import { auditLink } from "./link-audit.server";
import { linkKey } from "./link-key.server";

export type IssuedLink = { id: string; token: string; url: string; expiresAt: Date };

/** Absolute URL of a link, for messages; the token appears only here and is never stored. */
export function patientLinkUrl(token: string): string {
  const base = getEnv().NEXTAUTH_URL ?? "http://localhost:3000";
  return new URL(`/l/${token}`, base).toString();
}

/** Audit rows of work the server does on its own (the reminder tick) have no request behind them. */
const systemContext = (): RequestContext => ({ ip: null, requestId: randomUUID(), userAgent: null });

/**
 * Makes a link and audits it, inside the caller's transaction so the link commits with the
 * change that needs it. `supersede` retires earlier links for the same patient, purpose and
 * subject for new openings (so only the newest one can be opened); sessions already made from
 * them go on (the person in them passed the check).
 */
export async function issuePatientLink(
  tx: Tx,
  input: {
    patientId: string;
    purpose: LinkPurpose;
    subjectId: string | null;
    expiresAt: Date;
    by: AuditActor;
    ctx?: RequestContext;
    supersede?: boolean;
    now?: Date;
  },
): Promise<IssuedLink> {
  const now = input.now ?? new Date();
  if (input.supersede) {
    await tx.patientLinkToken.updateMany({
      where: { patientId: input.patientId, purpose: input.purpose, subjectId: input.subjectId, revokedAt: null },
      data: { revokedAt: now },
    });
  }
  const { token, hash } = generateLinkToken(linkPurposes[input.purpose].code, linkKey());
  const row = await tx.patientLinkToken.create({
    data: {
      tokenHash: hash,
      patientId: input.patientId,
      purpose: input.purpose,
      subjectId: input.subjectId,
      expiresAt: input.expiresAt,
      createdById: input.by?.userId ?? null,
      createdAt: now,
    },
    select: { id: true },
  });
  await auditLink(
    {
      actor: input.by,
      link: { id: row.id, patientId: input.patientId },
      purpose: input.purpose,
      event: "issue",
      result: "issued",
      ctx: input.ctx ?? systemContext(),
    },
    tx,
  );
  return { id: row.id, token, url: patientLinkUrl(token), expiresAt: input.expiresAt };
}

/**
 * Revokes every link of a purpose for a subject AND ends every session made from them (the
 * visit is over or cancelled, the guest was removed): all access through them stops at once,
 * room seats included.
 */
export async function revokePatientLinks(
  tx: Tx | typeof db,
  input: { purpose: LinkPurpose; subjectId: string; reason: string },
  now = new Date(),
): Promise<number> {
  const links = await tx.patientLinkToken.findMany({
    where: { purpose: input.purpose, subjectId: input.subjectId },
    select: { id: true },
  });
  if (links.length === 0) return 0;
  const ids = links.map((l) => l.id);
  const r = await tx.patientLinkToken.updateMany({
    where: { id: { in: ids }, revokedAt: null },
    data: { revokedAt: now },
  });
  await tx.patientLinkSession.updateMany({
    where: { linkId: { in: ids }, endedAt: null },
    data: { endedAt: now, endedReason: input.reason },
  });
  return r.count;
}
