import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { issuePatientLink, readLinkSession, redeemPatientLink, revokePatientLinks, sha256 } from "@/server/patient-links.server";
import { ctx, makePatient } from "../factories";

const NOW = new Date("2030-01-01T12:00:00Z");

async function link(over: { expiresAt?: Date } = {}) {
  const p = await makePatient();
  const subjectId = crypto.randomUUID();
  const l = await issuePatientLink({ patientId: p.id, purpose: "visit-join", subjectId, createdById: null, now: NOW, expiresAt: over.expiresAt ?? new Date(NOW.getTime() + 86_400_000) });
  return { ...l, patientId: p.id, subjectId };
}

describe("patient links", () => {
  it("uses >= 128-bit random tokens and stores only their SHA-256", async () => {
    const l = await link();
    expect(Buffer.from(l.token, "base64url").length).toBe(32);
    expect(l.url).toMatch(new RegExp(`/l/${l.token}$`));
    const row = await db.patientLinkToken.findUniqueOrThrow({ where: { id: l.id } });
    expect(row.tokenHash).toBe(sha256(l.token));
    expect(JSON.stringify(row)).not.toContain(l.token);
  });

  it("works once: exchanged for a session bound to one patient, purpose and subject; a second use is refused", async () => {
    const l = await link();
    const r = await redeemPatientLink(l.token, ctx({ ip: "10.0.0.1" }), NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r).toMatchObject({ patientId: l.patientId, subjectId: l.subjectId, purpose: "visit-join", landingPath: "/v/visit" });
    const session = await readLinkSession("visit-join", r.sessionSecret, NOW);
    expect(session).toMatchObject({ patientId: l.patientId, subjectId: l.subjectId });
    expect(await readLinkSession("visit-join", r.sessionSecret, new Date(NOW.getTime() + 3 * 3_600_000))).toBeNull(); // short-lived
    expect(await redeemPatientLink(l.token, ctx({ ip: "10.0.0.1" }), NOW)).toEqual({ ok: false, reason: "used" });
    const row = await db.patientLinkToken.findUniqueOrThrow({ where: { id: l.id } });
    expect(row.sessionHash).toBe(sha256(r.sessionSecret));
  });

  it("two redemptions at once: exactly one wins", async () => {
    const l = await link();
    const rs = await Promise.all([redeemPatientLink(l.token, ctx(), NOW), redeemPatientLink(l.token, ctx(), NOW)]);
    expect(rs.filter((r) => r.ok)).toHaveLength(1);
  });

  it("refuses expired and revoked links (and revoking ends the session)", async () => {
    const expired = await link({ expiresAt: new Date(NOW.getTime() - 1) });
    expect(await redeemPatientLink(expired.token, ctx(), NOW)).toEqual({ ok: false, reason: "expired" });
    const l = await link();
    const r = await redeemPatientLink(l.token, ctx(), NOW);
    await revokePatientLinks(l.subjectId, "visit-join", undefined, NOW);
    expect(r.ok && (await readLinkSession("visit-join", r.sessionSecret, NOW))).toBeNull();
    const l2 = await link();
    await revokePatientLinks(l2.subjectId, "visit-join");
    expect(await redeemPatientLink(l2.token, ctx(), NOW)).toEqual({ ok: false, reason: "expired" });
  });

  it("rate-limits guessing per IP in Postgres, and audits attempts", async () => {
    const ip = "203.0.113.9";
    for (let i = 0; i < 20; i++) {
      expect(await redeemPatientLink(`guess${String(i).padStart(38, "x")}`, ctx({ ip }), NOW)).toEqual({ ok: false, reason: "invalid" });
    }
    const good = await link();
    expect(await redeemPatientLink(good.token, ctx({ ip }), NOW)).toEqual({ ok: false, reason: "rate_limited" });
    expect((await redeemPatientLink(good.token, ctx({ ip: "203.0.113.10" }), NOW)).ok).toBe(true);
    expect(await db.auditEvent.count({ where: { entityType: "PatientLink", ip, outcome: "DENIED" } })).toBe(21);
  });

  it("ignores malformed cookies and other purposes", async () => {
    expect(await readLinkSession("visit-join", "not a secret", NOW)).toBeNull();
    expect(await readLinkSession("visit-join", undefined, NOW)).toBeNull();
  });
});
