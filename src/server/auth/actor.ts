import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Actor, Role } from "@/modules/identity/core/roles";
import { writeRefusal } from "../audit";
import { getEnv, secureCookiesEnabled } from "../env";
import { AccessDenied, AppError } from "../errors";
import { getRequestContext } from "../request-context";
import { sessionCookieName } from "./csrf";
import { sessionIdFromToken } from "./session-token";
import { loadActorForSession } from "./sign-in.server";

/**
 * The signed-in actor for this request, or null: the session cookie's JWT, then the session row
 * re-checked in Postgres (one round trip). Cached per request.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  const raw = jar.get(sessionCookieName(secureCookiesEnabled()))?.value;
  if (!raw) return null;
  const sid = await sessionIdFromToken(raw, getEnv().NEXTAUTH_SECRET);
  if (!sid) return null;
  return loadActorForSession(sid);
});

/** The page's path as proxy.ts recorded it (server-made: a client's x-pathname never gets through). */
async function currentPath(): Promise<string> {
  const h = await headers();
  return h.get("x-pathname") ?? "/";
}

/** The path without its query: a search string may be a patient's name, never audit-row content. */
function routeOf(path: string): string {
  return (path.split(/[?#]/)[0] ?? "/").slice(0, 500);
}

/** The chart a path belongs to (/patients/<id>/...), so a refused attempt on it names the patient. */
export function patientIdFromPath(path: string): string | null {
  return (
    /^\/patients\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?#]|$)/i
      .exec(path)?.[1]
      ?.toLowerCase() ?? null
  );
}

/**
 * First line of every page, server action and data function. Unauthenticated -> audited, then
 * the sign-in page; wrong role -> audited 403. A page is also checked by its layout: the request
 * still gets one row (writeRefusal).
 */
export async function requireActor(allowed?: readonly Role[]): Promise<Actor> {
  const actor = await getActor();
  if (!actor) {
    const path = await currentPath();
    await writeRefusal({
      actor: null,
      action: "ACCESS",
      entityType: "Route",
      entityId: routeOf(path),
      patientId: patientIdFromPath(path),
      outcome: "DENIED",
      ctx: await getRequestContext(),
      details: { reason: "unauthenticated" },
    });
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (allowed && !allowed.includes(actor.role)) {
    const path = await currentPath();
    await denyAccess(actor, { entityType: "Route", entityId: routeOf(path), patientId: patientIdFromPath(path) });
  }
  return actor;
}

/** For route handlers: never redirects; returns null when not signed in. */
export async function getApiActor(): Promise<Actor | null> {
  return getActor();
}

/**
 * Audits a denied attempt (one row per request) and stops with a typed AccessDenied: pages and
 * actions render it as Next's 403 (it carries forbidden()'s digest), apiRoute answers JSON 403.
 */
export async function denyAccess(
  actor: Actor | null,
  what: {
    entityType: string;
    entityId?: string | null;
    patientId?: string | null;
    action?: "READ" | "UPDATE" | "CREATE" | "LIST" | "ACCESS";
  },
): Promise<never> {
  await writeRefusal({
    actor: actor ? { userId: actor.userId, role: actor.role } : null,
    action: what.action ?? "ACCESS",
    entityType: what.entityType,
    entityId: what.entityId ?? null,
    patientId: what.patientId ?? null,
    outcome: "DENIED",
    ctx: await getRequestContext(),
  });
  throw new AccessDenied();
}

/** Policy gate: `authorize(actor, canPatients(actor.role, "patient.update"), {...})`. */
export async function authorize(actor: Actor, allowed: boolean, what: Parameters<typeof denyAccess>[1]): Promise<void> {
  if (!allowed) await denyAccess(actor, what);
}

export { AppError };
