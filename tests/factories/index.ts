import { randomUUID } from "node:crypto";
import type { Actor, Role } from "@/modules/identity/core/roles";
import type { PatientInput } from "@/modules/patients/schemas";
import { hashPassword } from "@/server/auth/password";
import { db } from "@/server/db";
import { isAccessDenied } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";

/** Plain factory functions (no framework): each returns what it created. */
export const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({
  ip: "127.0.0.1",
  requestId: randomUUID(),
  userAgent: "vitest",
  ...over,
});

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function makeUser(
  role: Role,
  over: { password?: string; patientId?: string; active?: boolean; email?: string } = {},
) {
  const email = over.email ?? `${role.toLowerCase()}-${next()}@test.clinic`;
  const u = await db.user.create({
    data: {
      email,
      name: `${role} ${next()}`,
      role,
      passwordHash: await hashPassword(over.password ?? "correct horse battery"),
      patientId: over.patientId ?? null,
      active: over.active ?? true,
    },
    select: { id: true, email: true, name: true, role: true, patientId: true, sessionVersion: true },
  });
  return u;
}

export function actorFor(u: { id: string; role: Role; name: string; email: string; patientId: string | null }): Actor {
  return { userId: u.id, sessionId: randomUUID(), role: u.role, name: u.name, email: u.email, patientId: u.patientId };
}

export function patientInput(over: Partial<PatientInput> = {}): PatientInput {
  return {
    mrn: `T-${next()}`.slice(0, 20),
    givenName: "Test",
    familyName: `Patient${next()}`,
    birthDate: "1970-01-15",
    phone: "+12065550150",
    email: null,
    timeZone: "America/Los_Angeles",
    preferredLanguage: "en",
    stateOfResidence: "WA",
    canDoVideo: true,
    allergies: null,
    primaryClinicianId: null,
    ...over,
  };
}

export async function makePatient(over: Partial<PatientInput> = {}) {
  const i = patientInput(over);
  return db.patient.create({
    data: { ...i, birthDate: new Date(`${i.birthDate}T00:00:00Z`) },
    select: { id: true, mrn: true, givenName: true, familyName: true },
  });
}

/** A denial: the typed AccessDenied that data functions throw after auditing it (never Next's digest). */
export function isForbidden(e: unknown): boolean {
  return isAccessDenied(e);
}

/**
 * An actor with a real, live Session row behind it (as signing in makes), for code that checks
 * the session itself: video room seats die with the session they were taken with.
 */
export async function signedInActorFor(u: {
  id: string;
  role: Role;
  name: string;
  email: string;
  patientId: string | null;
  sessionVersion?: number;
}): Promise<Actor> {
  const version =
    u.sessionVersion ??
    (await db.user.findUniqueOrThrow({ where: { id: u.id }, select: { sessionVersion: true } })).sessionVersion;
  const s = await db.session.create({
    data: { userId: u.id, sessionVersion: version, expiresAt: new Date(Date.now() + 12 * 3_600_000) },
    select: { id: true },
  });
  return { ...actorFor(u), sessionId: s.id };
}
