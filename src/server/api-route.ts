import "server-only";
import { randomUUID } from "node:crypto";
import { runWithRequestId } from "./request-context";

type Handler<C> = (request: Request, context: C) => Response | Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every route handler under src/app/api goes through this wrapper (tests/unit/api-routes.test.ts
 * checks): `export const POST = apiRoute(async (request) => ...)`. /api is not behind proxy.ts
 * (its per-request cost was a large share of a booking, docs/decisions/scheduling.md), so this
 * does what the proxy did for API routes:
 * - data-changing methods refuse cross-site requests with 403 (server actions check Origin
 *   themselves; the sign-in form and sign-out post to next-auth's route, which is wrapped too);
 * - a fresh request id for audit rows, returned as x-request-id (a client-sent one is ignored);
 * - Cache-Control: no-store, as next.config.js also sets for /api (responses may hold PHI).
 * The static security headers come from next.config.js headers(). It is NOT an authorization
 * layer: each handler checks the session and access itself.
 */
export function apiRoute<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const requestId = randomUUID();
    const response =
      !SAFE_METHODS.has(request.method.toUpperCase()) && isCrossSite(request.headers)
        ? new Response("Cross-site request refused", { status: 403 })
        : await runWithRequestId(requestId, () => handler(request, context));
    return withApiHeaders(response, requestId);
  };
}

function withApiHeaders(response: Response, requestId: string): Response {
  let r = response;
  try {
    r.headers.set("x-request-id", requestId);
  } catch {
    // Immutable headers (Response.redirect, fetched responses): copy into a mutable response.
    r = new Response(response.body, response);
    r.headers.set("x-request-id", requestId);
  }
  // Never cached; a handler may add to it (an event stream also sends no-transform so that
  // compression does not buffer it).
  if (!/\bno-store\b/.test(r.headers.get("Cache-Control") ?? "")) r.headers.set("Cache-Control", "no-store");
  return r;
}

/**
 * Fetch metadata first (browsers send Sec-Fetch-Site); otherwise compare Origin with the Host the
 * request was sent to. Requests with neither (server-to-server tools) are allowed: they carry no
 * browser cookies by accident.
 */
export function isCrossSite(h: Headers): boolean {
  const site = h.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = h.get("origin");
  if (!origin || origin === "null") return origin === "null";
  try {
    const host = h.get("x-forwarded-host") ?? h.get("host");
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
