import { beforeAll, describe, expect, it, vi } from "vitest";
import { changeOwnPasswordAction, createUserAction, resetPasswordAction } from "@/modules/identity/actions";
import type { FormState } from "@/lib/forms";
import { getAuthOptions } from "@/server/auth/options";
import { loadActorForSession, signInWithPassword } from "@/server/auth/sign-in.server";
import { db } from "@/server/db";
import { ctx, makeUser } from "../factories";
import { beginRequest, outcomeOf, SESSION_COOKIE, sessionCookieFor } from "../factories/next-request";
import { decode } from "next-auth/jwt";
import { form } from "./authz-fixture";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

const idle: FormState = { status: "idle" };
let admin: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  admin = await makeUser("ADMIN");
});

async function as(user: { id: string }, path = "/") {
  beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(user) }, path });
}

describe("new passwords refuse common, breached and blank ones (accounts, resets, changes)", () => {
  const refused = ["12345678", "password", "        ", "Password123!", "qwertyuiop", "aaaaaaaaaa"];
  // The policy's own words (identity/core/password-policy.ts): too common, only spaces, one character repeated.
  const REFUSAL = /too common|only spaces|one character repeated/;

  it.each(refused)("create account with %j -> refused with a password error, no account", async (pw) => {
    await as(admin);
    const email = `pw-${Math.random().toString(36).slice(2)}@test.clinic`;
    const o = await outcomeOf(() =>
      createUserAction(idle, form({ name: "Pw Test", email, role: "CLINICIAN", password: pw, patientMrn: "" })),
    );
    expect(o.kind).toBe("value");
    expect((o as { value: FormState }).value.errors?.password?.[0]).toMatch(REFUSAL);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it.each(refused)("reset to %j -> refused, hash unchanged", async (pw) => {
    const u = await makeUser("CLINICIAN");
    const before = (await db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash;
    await as(admin);
    const o = await outcomeOf(() => resetPasswordAction(u.id, idle, form({ password: pw })));
    expect((o as { value: FormState }).value.errors?.password?.[0]).toMatch(REFUSAL);
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash).toBe(before);
  });

  it.each(refused)("change own to %j -> refused", async (pw) => {
    const u = await makeUser("COORDINATOR");
    await as(u);
    const o = await outcomeOf(() =>
      changeOwnPasswordAction(idle, form({ currentPassword: "correct horse battery", newPassword: pw })),
    );
    expect((o as { value: FormState }).value.errors?.newPassword?.[0]).toMatch(REFUSAL);
  });

  it("keeps 8 characters as the minimum and accepts long passphrases (64+)", async () => {
    await as(admin);
    const email = `long-${Math.random().toString(36).slice(2)}@test.clinic`;
    const long = "the ochre lantern swings over forty seven quiet harbours at dusk".padEnd(100, " and more");
    expect(long.length).toBeGreaterThan(64);
    const o = await outcomeOf(() =>
      createUserAction(idle, form({ name: "Long Pw", email, role: "CLINICIAN", password: long, patientMrn: "" })),
    );
    expect(o).toMatchObject({ kind: "redirect" });
    const u = await db.user.findUniqueOrThrow({ where: { email } });
    expect(u.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(await signInWithPassword({ email, password: long }, ctx())).toMatchObject({ ok: true });
    await as(admin);
    const short = await outcomeOf(() => resetPasswordAction(u.id, idle, form({ password: "7 chars" })));
    expect((short as { value: FormState }).value.errors?.password).toEqual(["Use at least 8 characters"]);
  });
});

describe("wrong current passwords count in the sign-in limiter", () => {
  it("refuses the 11th guess within a minute, even a right one, and sign-in for that account too", async () => {
    const u = await makeUser("CLINICIAN");
    const ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const guess = async (current: string) => {
      await as(u);
      // The client address the audit and limiter see (set by the custom server in production).
      const { requestSeal, SEAL_HEADER, CLIENT_IP_HEADER } = await import("@/server/http-gate");
      const h = (await (await import("../factories/next-request")).nextHeadersModule.headers()) as Headers;
      h.set(SEAL_HEADER, requestSeal());
      h.set(CLIENT_IP_HEADER, ip);
      return outcomeOf(() =>
        changeOwnPasswordAction(idle, form({ currentPassword: current, newPassword: "ochre lantern 47 swift" })),
      );
    };
    for (let i = 0; i < 10; i++) {
      const o = await guess(`wrong guess ${i}`);
      expect((o as { value: FormState }).value.errors?.currentPassword?.[0]).toMatch(/not your current password/);
    }
    expect(await db.loginAttempt.count({ where: { email: u.email, success: false } })).toBe(10);
    expect(await db.auditEvent.count({ where: { entityId: u.id, outcome: "FAILURE", action: "UPDATE" } })).toBe(10);
    const blocked = await guess("correct horse battery");
    expect((blocked as { value: FormState }).value.message).toMatch(/Too many attempts/);
    expect(await db.auditEvent.count({ where: { entityId: u.id, outcome: "DENIED", action: "UPDATE" } })).toBe(1);
    // Same limiter: signing in to that account is refused too.
    expect(
      await signInWithPassword({ email: u.email, password: "correct horse battery" }, ctx({ ip: "10.250.0.1" })),
    ).toEqual({ ok: false, code: "RATE_LIMITED" });
  });
});

describe("sign-in with control characters in the email", () => {
  it("is a counted, audited failure, never a database error", async () => {
    const u = await makeUser("CLINICIAN");
    const [local, domain] = u.email.split("@");
    const c = ctx({ ip: `10.8.${Math.floor(Math.random() * 250)}.1` });
    await expect(
      signInWithPassword({ email: `${local}\u0000@${domain}`, password: "correct horse battery" }, c),
    ).resolves.toEqual({ ok: false, code: "INVALID" });
    // Counted against the account it looks like (the NUL dropped), and audited.
    expect(await db.loginAttempt.count({ where: { email: u.email, success: false } })).toBe(1);
    expect(await db.auditEvent.count({ where: { requestId: c.requestId, action: "LOGIN", outcome: "FAILURE" } })).toBe(
      1,
    );
  });
});

describe("every sign-out path ends the session row", () => {
  it("next-auth's own POST /api/auth/signout (its signOut event) revokes the session", async () => {
    const u = await makeUser("COORDINATOR");
    const cookie = await sessionCookieFor(u);
    const sid = (await decode({ token: cookie, secret: process.env.NEXTAUTH_SECRET! }))!.sid as string;
    expect(await loadActorForSession(sid)).not.toBeNull();
    beginRequest({ cookies: { [SESSION_COOKIE]: cookie } });
    await getAuthOptions().events!.signOut!({ token: { sid }, session: undefined as never });
    expect(await loadActorForSession(sid)).toBeNull();
    const s = await db.session.findUniqueOrThrow({ where: { id: sid } });
    expect(s.revokedReason).toBe("signout");
    expect(await db.auditEvent.count({ where: { entityId: sid, action: "LOGOUT", outcome: "SUCCESS" } })).toBe(1);
  });
});
