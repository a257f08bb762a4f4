import { describe, expect, it } from "vitest";
import { loadActorForSession, revokeSession, signInWithPassword } from "@/server/auth/sign-in.server";
import { db } from "@/server/db";
import { setUserActive } from "@/modules/identity/edit-users.server";
import { actorFor, ctx, makeUser } from "../factories";

const PASSWORD = "correct horse battery";

describe("sign-in", () => {
  it("stores argon2id hashes and accepts a 64-character password", async () => {
    const long = "p".repeat(64);
    const u = await makeUser("CLINICIAN", { password: long });
    const row = await db.user.findUniqueOrThrow({ where: { id: u.id }, select: { passwordHash: true } });
    expect(row.passwordHash.startsWith("$argon2id$")).toBe(true);
    const r = await signInWithPassword({ email: u.email, password: long }, ctx());
    expect(r.ok).toBe(true);
  });

  it("creates a session row and audits success and failure", async () => {
    const u = await makeUser("COORDINATOR");
    const good = await signInWithPassword(
      { email: u.email.toUpperCase(), password: PASSWORD },
      ctx({ ip: "10.9.0.1" }),
    );
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    const session = await db.session.findUniqueOrThrow({ where: { id: good.sessionId } });
    expect(session.userId).toBe(u.id);
    const bad = await signInWithPassword({ email: u.email, password: "wrong password" }, ctx({ ip: "10.9.0.1" }));
    expect(bad).toEqual({ ok: false, code: "INVALID" });
    const audits = await db.auditEvent.findMany({
      where: { action: "LOGIN", actorUserId: u.id },
      orderBy: { id: "asc" },
    });
    expect(audits.map((a) => a.outcome)).toEqual(["SUCCESS", "FAILURE"]);
    expect(JSON.stringify(audits.map((a) => a.details))).not.toContain("wrong password");
  });

  it("gives the same answer for an unknown account as for a wrong password", async () => {
    const r = await signInWithPassword({ email: "nobody@test.clinic", password: PASSWORD }, ctx({ ip: "10.9.0.2" }));
    expect(r).toEqual({ ok: false, code: "INVALID" });
  });

  it("refuses the 11th failed attempt within a minute for one account, even with the right password", async () => {
    const u = await makeUser("CLINICIAN");
    for (let i = 0; i < 10; i++) {
      // Different IPs: the per-account limit must hold on its own.
      const r = await signInWithPassword({ email: u.email, password: "nope-nope" }, ctx({ ip: `10.1.0.${i}` }));
      expect(r).toEqual({ ok: false, code: "INVALID" });
    }
    const eleventh = await signInWithPassword({ email: u.email, password: PASSWORD }, ctx({ ip: "10.1.0.99" }));
    expect(eleventh).toEqual({ ok: false, code: "RATE_LIMITED" });
    const denied = await db.auditEvent.count({ where: { action: "LOGIN", outcome: "DENIED" } });
    expect(denied).toBeGreaterThan(0);
  });

  it("limits one IP across many accounts", async () => {
    for (let i = 0; i < 10; i++) {
      await signInWithPassword({ email: `guess${i}@test.clinic`, password: "x-x-x-x-x" }, ctx({ ip: "10.2.0.1" }));
    }
    const u = await makeUser("CLINICIAN");
    expect(await signInWithPassword({ email: u.email, password: PASSWORD }, ctx({ ip: "10.2.0.1" }))).toEqual({
      ok: false,
      code: "RATE_LIMITED",
    });
    expect((await signInWithPassword({ email: u.email, password: PASSWORD }, ctx({ ip: "10.2.0.2" }))).ok).toBe(true);
  });

  it("rejects malformed input without touching accounts", async () => {
    expect(await signInWithPassword({ email: { $ne: null }, password: ["x"] }, ctx({ ip: "10.3.0.1" }))).toEqual({
      ok: false,
      code: "INVALID",
    });
    expect(
      await signInWithPassword({ email: "a@b.co", password: "x".repeat(10_000) }, ctx({ ip: "10.3.0.2" })),
    ).toEqual({ ok: false, code: "INVALID" });
  });
});

describe("sessions are re-checked against the database", () => {
  async function signedIn(role: "CLINICIAN" | "PATIENT" = "CLINICIAN") {
    const u = await makeUser(role);
    const r = await signInWithPassword({ email: u.email, password: PASSWORD }, ctx());
    if (!r.ok) throw new Error("sign-in failed");
    return { u, sessionId: r.sessionId };
  }

  it("resolves a live session to its actor", async () => {
    const { u, sessionId } = await signedIn();
    const actor = await loadActorForSession(sessionId);
    expect(actor).toMatchObject({ userId: u.id, role: "CLINICIAN", sessionId });
  });

  it("records activity at most once a minute, and ignores ids that are not session ids", async () => {
    const { sessionId } = await signedIn();
    const seen = async () => (await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt.getTime();
    const first = await seen();
    expect(await loadActorForSession(sessionId, new Date(first + 30_000))).not.toBeNull();
    expect(await seen()).toBe(first);
    const later = new Date(first + 90_000);
    expect(await loadActorForSession(sessionId, later)).not.toBeNull();
    expect(await seen()).toBe(later.getTime());
    expect(await loadActorForSession("not-a-session-id")).toBeNull();
    expect(await loadActorForSession("00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("ends a session on sign-out", async () => {
    const { sessionId } = await signedIn();
    const actor = (await loadActorForSession(sessionId))!;
    await revokeSession(actor, ctx(), false);
    expect(await loadActorForSession(sessionId)).toBeNull();
  });

  it("sign-out everywhere ends every session of the user", async () => {
    const a = await signedIn();
    const second = await signInWithPassword({ email: a.u.email, password: PASSWORD }, ctx());
    if (!second.ok) throw new Error("second sign-in failed");
    await revokeSession((await loadActorForSession(a.sessionId))!, ctx(), true);
    expect(await loadActorForSession(a.sessionId)).toBeNull();
    expect(await loadActorForSession(second.sessionId)).toBeNull();
  });

  it("deactivation by an admin ends open sessions at once", async () => {
    const { u, sessionId } = await signedIn();
    const admin = await makeUser("ADMIN");
    await setUserActive(actorFor({ ...admin, patientId: null }), u.id, false, ctx());
    expect(await loadActorForSession(sessionId)).toBeNull();
    expect((await signInWithPassword({ email: u.email, password: PASSWORD }, ctx({ ip: "10.4.0.1" }))).ok).toBe(false);
  });

  it("times out an idle session and revokes it", async () => {
    const { sessionId } = await signedIn();
    const later = new Date(Date.now() + 31 * 60_000);
    expect(await loadActorForSession(sessionId, later)).toBeNull();
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.revokedReason).toBe("idle");
  });

  it("enforces the absolute cap", async () => {
    const { sessionId } = await signedIn();
    await db.session.update({ where: { id: sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await loadActorForSession(sessionId)).toBeNull();
  });
});
