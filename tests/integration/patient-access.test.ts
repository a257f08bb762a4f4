import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { CHECK_MAX_FAILURES } from "@/modules/patient-access/core/guess-limit";
import { hashToken, readLinkToken } from "@/modules/patient-access/core/token";
import {
  issuePatientLink,
  isLinkSessionLive,
  redeemPatientLink,
  revokePatientLinks,
  type LinkPurpose,
} from "@/modules/patient-access/index.server";
import { linkKey } from "@/modules/patient-access/link-key.server";
import { linkCookieName, readLinkSessionFrom } from "@/modules/patient-access/sessions.server";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { ctx, makePatient } from "../factories";

/**
 * The one patient-access module (issue 11 item 1; issue 10 defect 1 and security 9): every kind
 * of link is issued, opened and checked the same way.
 */
const NOW = new Date("2030-01-01T12:00:00Z");
const DOB = "1970-01-15"; // the factory patient's birth date
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);
const jar = (purpose: LinkPurpose, secret: string) => (name: string) =>
  name === linkCookieName(purpose) ? secret : undefined;

async function link(
  purpose: LinkPurpose,
  over: { expiresAt?: Date; patientId?: string; subjectId?: string | null } = {},
) {
  const patientId = over.patientId ?? (await makePatient()).id;
  const subjectId = over.subjectId === undefined ? randomUUID() : over.subjectId;
  const l = await db.$transaction((tx) =>
    issuePatientLink(tx, {
      patientId,
      purpose,
      subjectId,
      expiresAt: over.expiresAt ?? minutes(14 * 24 * 60),
      by: null,
      ctx: ctx(),
      now: NOW,
    }),
  );
  return { ...l, patientId, subjectId };
}

async function pendingForm(patientId: string) {
  return db.formRequest.create({ data: { patientId, instrument: "PEG", dueAt: minutes(60) }, select: { id: true } });
}

describe("issuing", () => {
  it("a 128-bit random token naming its purpose, stored only as its SHA-256, audited in the one shape", async () => {
    const l = await link("visit-join");
    expect(l.url).toMatch(new RegExp(`/l/${l.token}$`));
    expect(readLinkToken(l.token, linkKey()).issuedPurposeCode).toBe(1);
    const row = await db.patientLinkToken.findUniqueOrThrow({ where: { id: l.id } });
    expect(row.tokenHash).toBe(hashToken(l.token));
    expect(JSON.stringify(row)).not.toContain(l.token);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "PatientLink", entityId: l.id } });
    expect(audit).toMatchObject({
      action: "CREATE",
      outcome: "SUCCESS",
      patientId: l.patientId,
      details: { purpose: "visit-join", event: "issue", result: "issued" },
    });
    expect(JSON.stringify(audit.details)).not.toContain(l.token);
  });
});

describe("a join link (defect 1: it keeps working for its patient until the visit is over)", () => {
  it("asks for the date of birth first; nothing is counted for asking", async () => {
    const l = await link("visit-join");
    expect(await redeemPatientLink(l.token, { birthDate: null }, ctx(), NOW)).toEqual({
      ok: false,
      reason: "needs_birth_date",
      purpose: "visit-join",
      triesLeft: CHECK_MAX_FAILURES,
    });
    expect(await db.patientLinkAttempt.count({ where: { linkId: l.id } })).toBe(0);
    expect(await db.patientLinkSession.count({ where: { linkId: l.id } })).toBe(0);
  });

  it("opens again and again, in the same or another browser, days before the visit and after a session ended", async () => {
    const l = await link("visit-join");
    const first = await redeemPatientLink(l.token, { birthDate: DOB }, ctx(), NOW);
    expect(first).toMatchObject({ ok: true, purpose: "visit-join", landingPath: "/v/visit" });
    // The session it made is bound to the patient and the visit, and is short-lived.
    const s1 = await readLinkSessionFrom("visit-join", jar("visit-join", first.ok ? first.sessionSecret : ""), NOW);
    expect(s1).toMatchObject({ patientId: l.patientId, subjectId: l.subjectId, purpose: "visit-join" });
    expect(
      await readLinkSessionFrom("visit-join", jar("visit-join", first.ok ? first.sessionSecret : ""), minutes(61)),
    ).toBeNull();
    // Two days later, another phone: the same link works again.
    const again = await redeemPatientLink(l.token, { birthDate: DOB }, ctx(), minutes(2 * 24 * 60));
    expect(again).toMatchObject({ ok: true, purpose: "visit-join" });
    expect(await db.patientLinkSession.count({ where: { linkId: l.id } })).toBe(2);
    expect((await db.patientLinkToken.findUniqueOrThrow({ where: { id: l.id } })).firstRedeemedAt).toEqual(NOW);
  });

  it("stops when the visit is over: the link is refused and every session made from it ends", async () => {
    const l = await link("visit-join");
    const r = await redeemPatientLink(l.token, { birthDate: DOB }, ctx(), NOW);
    expect(r.ok && (await isLinkSessionLive(r.sessionId, { touch: false }, NOW))).toBe(true);
    await revokePatientLinks(db, { purpose: "visit-join", subjectId: l.subjectId!, reason: "visit_completed" }, NOW);
    expect(r.ok && (await isLinkSessionLive(r.sessionId, { touch: false }, NOW))).toBe(false);
    expect(await redeemPatientLink(l.token, { birthDate: DOB }, ctx(), NOW)).toEqual({
      ok: false,
      reason: "revoked",
      purpose: "visit-join",
    });
    const expired = await link("visit-join", { expiresAt: NOW });
    expect(await redeemPatientLink(expired.token, { birthDate: DOB }, ctx(), NOW)).toEqual({
      ok: false,
      reason: "expired",
      purpose: "visit-join",
    });
  });

  it("counts wrong birth dates per link in Postgres (from any address); the fifth locks the link, even against the right answer", async () => {
    const l = await link("visit-join");
    for (let i = 1; i < CHECK_MAX_FAILURES; i++) {
      expect(
        await redeemPatientLink(l.token, { birthDate: "1970-01-16" }, ctx({ ip: `198.51.100.${i}` }), NOW),
      ).toEqual({ ok: false, reason: "wrong_birth_date", purpose: "visit-join", triesLeft: CHECK_MAX_FAILURES - i });
    }
    expect(await redeemPatientLink(l.token, { birthDate: "1971-01-15" }, ctx(), NOW)).toEqual({
      ok: false,
      reason: "locked",
      purpose: "visit-join",
    });
    expect(await redeemPatientLink(l.token, { birthDate: DOB }, ctx(), NOW)).toEqual({
      ok: false,
      reason: "locked",
      purpose: "visit-join",
    });
    expect(await db.patientLinkAttempt.count({ where: { linkId: l.id, kind: "WRONG_BIRTH_DATE" } })).toBe(
      CHECK_MAX_FAILURES,
    );
    expect((await db.patientLinkToken.findUniqueOrThrow({ where: { id: l.id } })).lockedAt).toEqual(NOW);
    const results = (
      await db.auditEvent.findMany({
        where: { entityType: "PatientLink", entityId: l.id, action: "ACCESS" },
        select: { outcome: true, details: true },
      })
    ).map((a) => `${a.outcome} ${(a.details as { result: string }).result}`);
    expect(results.sort()).toEqual(
      [...Array(CHECK_MAX_FAILURES - 1).fill("DENIED wrong_birth_date"), "DENIED locked", "DENIED locked"].sort(),
    );
    // The clinic sends a new link: it works (the old one stays locked).
    const fresh = await db.$transaction((tx) =>
      issuePatientLink(tx, {
        patientId: l.patientId,
        purpose: "visit-join",
        subjectId: l.subjectId,
        expiresAt: minutes(600),
        by: null,
        supersede: true,
        now: NOW,
      }),
    );
    expect(await redeemPatientLink(fresh.token, { birthDate: DOB }, ctx(), NOW)).toMatchObject({ ok: true });
  });

  it("a newer link supersedes older ones for new openings; a session already made goes on", async () => {
    const l = await link("visit-join");
    const r = await redeemPatientLink(l.token, { birthDate: DOB }, ctx(), NOW);
    await db.$transaction((tx) =>
      issuePatientLink(tx, {
        patientId: l.patientId,
        purpose: "visit-join",
        subjectId: l.subjectId,
        expiresAt: minutes(600),
        by: null,
        supersede: true,
        now: NOW,
      }),
    );
    expect(await redeemPatientLink(l.token, { birthDate: DOB }, ctx(), NOW)).toEqual({
      ok: false,
      reason: "revoked",
      purpose: "visit-join",
    });
    expect(r.ok && (await isLinkSessionLive(r.sessionId, { touch: false }, NOW))).toBe(true);
  });

  it("a link made before tokens carried a MAC (32 random bytes, only its hash stored) still opens", async () => {
    const p = await makePatient();
    const token = randomBytes(32).toString("base64url");
    const row = await db.patientLinkToken.create({
      data: {
        tokenHash: hashToken(token),
        patientId: p.id,
        purpose: "visit-join",
        subjectId: randomUUID(),
        expiresAt: minutes(600),
      },
      select: { id: true },
    });
    expect(readLinkToken(token, linkKey()).issuedPurposeCode).toBeNull();
    expect(await redeemPatientLink(token, { birthDate: null }, ctx(), NOW)).toMatchObject({
      ok: false,
      reason: "needs_birth_date",
    });
    expect(await redeemPatientLink(token, { birthDate: DOB }, ctx(), NOW)).toMatchObject({
      ok: true,
      purpose: "visit-join",
    });
    expect(await db.patientLinkSession.count({ where: { linkId: row.id } })).toBe(1);
  });
});

describe("a forms link: reusable while forms are pending", () => {
  it("opens without a birth date as long as the patient has pending forms, then says they are done", async () => {
    const p = await makePatient();
    const req = await pendingForm(p.id);
    const l = await link("forms", { patientId: p.id, subjectId: null });
    expect(await redeemPatientLink(l.token, { birthDate: null }, ctx(), NOW)).toMatchObject({
      ok: true,
      purpose: "forms",
      landingPath: "/f/forms",
    });
    expect(await redeemPatientLink(l.token, { birthDate: null }, ctx(), NOW)).toMatchObject({ ok: true });
    await db.formRequest.update({ where: { id: req.id }, data: { status: "COMPLETED", completedAt: NOW } });
    expect(await redeemPatientLink(l.token, { birthDate: null }, ctx(), NOW)).toEqual({
      ok: false,
      reason: "done",
      purpose: "forms",
    });
  });

  it("a join-link session opens its patient's forms pages too (the waiting room), a guest's never does", async () => {
    const p = await makePatient();
    const join = await link("visit-join", { patientId: p.id });
    const r = await redeemPatientLink(join.token, { birthDate: DOB }, ctx(), NOW);
    const asForms = await readLinkSessionFrom("forms", jar("visit-join", r.ok ? r.sessionSecret : ""), NOW);
    expect(asForms).toMatchObject({ patientId: p.id, purpose: "visit-join" });
    const guest = await link("visit-guest", { patientId: p.id });
    const g = await redeemPatientLink(guest.token, { birthDate: null }, ctx(), NOW);
    expect(await readLinkSessionFrom("forms", jar("visit-guest", g.ok ? g.sessionSecret : ""), NOW)).toBeNull();
    // A cookie of one purpose never passes for another: a forms session does not open the visit.
    const forms = await link("forms", { patientId: p.id, subjectId: null });
    await pendingForm(p.id);
    const f = await redeemPatientLink(forms.token, { birthDate: null }, ctx(), NOW);
    expect(await readLinkSessionFrom("visit-join", jar("forms", f.ok ? f.sessionSecret : ""), NOW)).toBeNull();
    expect(await readLinkSessionFrom("visit-join", jar("visit-join", f.ok ? f.sessionSecret : ""), NOW)).toBeNull();
  });
});

describe("a guest link: reusable by the guest until the visit ends, no birth date", () => {
  it("opens with the button alone, again and again; revoking it (guest removed) ends its sessions", async () => {
    const l = await link("visit-guest");
    const a = await redeemPatientLink(l.token, { birthDate: null }, ctx(), NOW);
    const b = await redeemPatientLink(l.token, { birthDate: "1900-01-01" }, ctx(), NOW); // an answer is ignored: there is no check
    expect(a).toMatchObject({ ok: true, purpose: "visit-guest", landingPath: "/v/guest" });
    expect(b).toMatchObject({ ok: true });
    await revokePatientLinks(db, { purpose: "visit-guest", subjectId: l.subjectId!, reason: "guest_removed" }, NOW);
    expect(a.ok && (await isLinkSessionLive(a.sessionId, { touch: false }, NOW))).toBe(false);
    expect(b.ok && (await isLinkSessionLive(b.sessionId, { touch: false }, NOW))).toBe(false);
  });
});

describe("the guessing limit (security 9: counts failures only, never refuses a correct link)", () => {
  const fillWithGuesses = async (ip: string) => {
    for (let i = 0; i < getEnv().PATIENT_LINK_MAX_FAILURES; i++) {
      expect(
        await redeemPatientLink(randomBytes(32).toString("base64url"), { birthDate: null }, ctx({ ip }), NOW),
      ).toEqual({ ok: false, reason: "invalid" });
    }
  };

  it("behind a shared NAT over the limit: a real link is looked up and honoured; an unknown token is refused without a lookup", async () => {
    const ip = "203.0.113.9";
    await fillWithGuesses(ip);
    const good = await link("visit-join");
    expect(await redeemPatientLink(good.token, { birthDate: DOB }, ctx({ ip }), NOW)).toMatchObject({ ok: true });
    const guest = await link("visit-guest");
    expect(await redeemPatientLink(guest.token, { birthDate: null }, ctx({ ip }), NOW)).toMatchObject({ ok: true });
    const lookup = vi.spyOn(db.patientLinkToken, "findUnique");
    try {
      expect(
        await redeemPatientLink(randomBytes(32).toString("base64url"), { birthDate: null }, ctx({ ip }), NOW),
      ).toEqual({ ok: false, reason: "rate_limited" });
      expect(lookup).not.toHaveBeenCalled();
    } finally {
      lookup.mockRestore();
    }
    // Another address is not affected at all.
    expect(
      await redeemPatientLink(
        randomBytes(32).toString("base64url"),
        { birthDate: null },
        ctx({ ip: "203.0.113.10" }),
        NOW,
      ),
    ).toEqual({ ok: false, reason: "invalid" });
    const denied = await db.auditEvent.findMany({
      where: { entityType: "PatientLink", ip, outcome: "DENIED" },
      select: { details: true },
    });
    expect(denied.map((d) => (d.details as { result: string }).result).sort()).toEqual(
      [...Array(getEnv().PATIENT_LINK_MAX_FAILURES).fill("invalid"), "rate_limited"].sort(),
    );
  });

  it("a link made before the MAC, being indistinguishable from a guess, waits out the window on such an address", async () => {
    const ip = "203.0.113.20";
    const p = await makePatient();
    const token = randomBytes(32).toString("base64url");
    await db.patientLinkToken.create({
      data: {
        tokenHash: hashToken(token),
        patientId: p.id,
        purpose: "visit-guest",
        subjectId: randomUUID(),
        expiresAt: minutes(600),
      },
    });
    await fillWithGuesses(ip);
    expect(await redeemPatientLink(token, { birthDate: null }, ctx({ ip }), NOW)).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    expect(await redeemPatientLink(token, { birthDate: null }, ctx({ ip }), minutes(11))).toMatchObject({ ok: true });
  });

  it("only failures count: many good openings from one address never reach the limit", async () => {
    const ip = "203.0.113.30";
    const l = await link("visit-guest");
    for (let i = 0; i < getEnv().PATIENT_LINK_MAX_FAILURES + 5; i++)
      expect((await redeemPatientLink(l.token, { birthDate: null }, ctx({ ip }), NOW)).ok).toBe(true);
    expect(
      await redeemPatientLink(randomBytes(32).toString("base64url"), { birthDate: null }, ctx({ ip }), NOW),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(await db.patientLinkAttempt.count({ where: { ip } })).toBe(1);
  });

  it("malformed tokens are refused without a lookup and counted", async () => {
    const ip = "203.0.113.40";
    const lookup = vi.spyOn(db.patientLinkToken, "findUnique");
    try {
      for (const t of ["", "short", "x".repeat(44), `${"a".repeat(42)}/`])
        expect(await redeemPatientLink(t, { birthDate: null }, ctx({ ip }), NOW)).toEqual({
          ok: false,
          reason: "invalid",
        });
      expect(lookup).not.toHaveBeenCalled();
    } finally {
      lookup.mockRestore();
    }
    expect(await db.patientLinkAttempt.count({ where: { ip, kind: "UNKNOWN_TOKEN" } })).toBe(4);
  });
});

describe("link sessions", () => {
  it("slide with use (at most one write a minute) and never outlive their cap or the link", async () => {
    const l = await link("visit-join", { expiresAt: minutes(150) });
    const r = await redeemPatientLink(l.token, { birthDate: DOB }, ctx(), NOW);
    if (!r.ok) throw new Error("not redeemed");
    const read = (at: Date) => readLinkSessionFrom("visit-join", jar("visit-join", r.sessionSecret), at);
    expect((await read(minutes(0)))?.expiresAt).toEqual(minutes(60));
    expect((await read(minutes(50)))?.expiresAt).toEqual(minutes(110)); // used: slides
    expect(await read(minutes(109))).not.toBeNull();
    expect((await read(minutes(140)))?.expiresAt).toEqual(minutes(150)); // the link's own expiry caps it
    expect(await read(minutes(150))).toBeNull();
  });

  it("idle out after an hour without use; malformed or unknown cookies are nobody", async () => {
    const l = await link("visit-guest");
    const r = await redeemPatientLink(l.token, { birthDate: null }, ctx(), NOW);
    if (!r.ok) throw new Error("not redeemed");
    expect(await isLinkSessionLive(r.sessionId, { touch: false }, minutes(59))).toBe(true);
    expect(await isLinkSessionLive(r.sessionId, { touch: false }, minutes(60))).toBe(false);
    expect(await readLinkSessionFrom("visit-guest", jar("visit-guest", "not a secret"), NOW)).toBeNull();
    expect(
      await readLinkSessionFrom("visit-guest", jar("visit-guest", randomBytes(32).toString("base64url")), NOW),
    ).toBeNull();
    expect(await readLinkSessionFrom("visit-guest", () => undefined, NOW)).toBeNull();
  });
});
