import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { makeUser } from "./index";

/**
 * Consent fixtures. Starting a visit needs consent for its modality (issue 10, D4), so tests that
 * start visits give the patient consent first. The current text of a kind is reused, so a test
 * never changes which version is current under another test in the same file.
 */
export async function currentConsentText(kind: "VIDEO" | "PHONE" = "VIDEO") {
  const t = await db.consentText.findFirst({
    where: { kind },
    orderBy: { version: "desc" },
    select: { id: true, version: true },
  });
  if (t) return t;
  return db.consentText.create({
    data: {
      kind,
      version: 1,
      title: `${kind === "VIDEO" ? "Video" : "Telephone"} consent`,
      body: "You agree to visits by video or phone. You may change your mind at any time.",
    },
    select: { id: true, version: true },
  });
}

/** A new version of a kind's text (the older one is no longer current). */
export async function publishNewConsentText(kind: "VIDEO" | "PHONE" = "VIDEO") {
  const last = await currentConsentText(kind);
  return db.consentText.create({
    data: {
      kind,
      version: last.version + 1,
      title: `${kind} consent v${last.version + 1}`,
      body: "You agree to visits by video or phone. You may change your mind at any time.",
    },
    select: { id: true, version: true },
  });
}

/** Valid verbal consent on file for the patient (default: video, a year). */
export async function giveConsent(
  patientId: string,
  opts: { kind?: "VIDEO" | "PHONE"; expiresAt?: Date; capturedAt?: Date; capturedById?: string } = {},
) {
  const kind = opts.kind ?? "VIDEO";
  const capturedById = opts.capturedById ?? (await makeUser("COORDINATOR")).id;
  const text = await currentConsentText(kind);
  const capturedAt = opts.capturedAt ?? new Date();
  return db.consentRecord.create({
    data: {
      patientId,
      kind,
      textId: text.id,
      method: "VERBAL",
      capturedById,
      capturedAt,
      expiresAt: opts.expiresAt ?? new Date(capturedAt.getTime() + 365 * 86_400_000),
      idempotencyKey: randomUUID(),
    },
    select: { id: true },
  });
}

/** The current opioid treatment agreement text (made once per database, like the consent texts). */
export async function currentAgreementText() {
  const t = await db.consentText.findFirst({
    where: { kind: "OPIOID_AGREEMENT" },
    orderBy: { version: "desc" },
    select: { id: true, version: true },
  });
  if (t) return t;
  return db.consentText.create({
    data: {
      kind: "OPIOID_AGREEMENT",
      version: 1,
      title: "Opioid treatment agreement",
      body: "You and your care team agree how opioid medicine is used safely. You may revoke this at any time.",
    },
    select: { id: true, version: true },
  });
}

/** A patient agreement on file, signed on paper (default: signed now, renew in a year). */
export async function giveAgreement(
  patientId: string,
  opts: { capturedAt?: Date; expiresAt?: Date; capturedById?: string } = {},
) {
  const capturedById = opts.capturedById ?? (await makeUser("COORDINATOR")).id;
  const text = await currentAgreementText();
  const capturedAt = opts.capturedAt ?? new Date();
  return db.consentRecord.create({
    data: {
      patientId,
      kind: "OPIOID_AGREEMENT",
      textId: text.id,
      method: "PAPER",
      capturedById,
      capturedAt,
      expiresAt: opts.expiresAt ?? new Date(capturedAt.getTime() + 365 * 86_400_000),
      idempotencyKey: randomUUID(),
    },
    select: { id: true },
  });
}
