import "server-only";
import { randomUUID } from "node:crypto";
import { apiErrorBody, type ApiError } from "@/lib/api-error";
import { writeRefusal } from "./audit";
import {
  DATABASE_UNAVAILABLE_MESSAGE,
  errorCodes,
  isAppError,
  isDatabaseUnavailable,
  type AppError,
  type ErrorCode,
} from "./errors";
import { isCrossSite } from "./http-gate";
import { getRequestContext, runWithRequestId, sealedRequestId } from "./request-context";

export { isCrossSite };

type Handler<C> = (request: Request, context: C) => Response | Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The HTTP status of each AppError code: the one map for every route handler. */
export const httpStatusOf: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/**
 * An error answer in the one JSON shape, `{ error: { code, message, fields?, ...details } }`
 * (src/lib/api-error.ts). Every route handler's error goes through here.
 */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  details: Omit<ApiError, "code" | "message"> = {},
  headers?: HeadersInit,
): Response {
  return Response.json(apiErrorBody(code, message, details), { status, headers });
}

/** Bad input: 400 VALIDATION naming each field; `message` sums it up for one line of UI. */
export function validationResponse(
  fields: Record<string, string[]>,
  message: string = errorCodes.VALIDATION,
): Response {
  return errorResponse(400, "VALIDATION", message, { fields });
}

/** An AppError with its status (safe messages only). */
export function appErrorResponse(e: AppError): Response {
  return errorResponse(httpStatusOf[e.code], e.code, e.message, e.fieldErrors ? { fields: e.fieldErrors } : {});
}

/**
 * Every route handler under src/app/api goes through this wrapper (tests/unit/api-routes.test.ts
 * checks): `export const POST = apiRoute(async (request) => ...)`. /api is not behind proxy.ts
 * (its per-request cost was a large share of a booking, docs/decisions/scheduling.md), so this
 * does what the proxy does for pages:
 * - data-changing methods refuse cross-site requests with 403 (the custom server refuses them
 *   first; this holds wherever the app runs);
 * - the request id for audit rows is the custom server's (a client-sent one never gets through),
 *   returned as x-request-id;
 * - a denial (AccessDenied or AppError NOT_FOUND from a data function, or Next's forbidden() /
 *   notFound()) becomes a JSON 403/404 that carries
 *   the request id and no-store like every other answer;
 * - a database that cannot be reached (an outage, a restart) gives a 503 with Retry-After at once,
 *   a retryable answer rather than a 500;
 * - Cache-Control: no-store, as next.config.js also sets for /api (responses may hold PHI).
 * The static security headers come from next.config.js headers(). It is NOT an authorization
 * layer: each handler checks the session and access itself.
 */
export function apiRoute<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const requestId = sealedRequestId(request.headers) ?? randomUUID();
    let response: Response;
    if (!SAFE_METHODS.has(request.method.toUpperCase()) && isCrossSite((n) => request.headers.get(n))) {
      response = new Response("Cross-site request refused", { status: 403 });
    } else {
      try {
        response = await runWithRequestId(requestId, () => handler(request, context));
      } catch (e) {
        // An AppError a handler did not answer itself (a denial, a missing record, bad input)
        // becomes its JSON answer here: routes do not hand-roll status maps.
        if (isAppError(e)) return withApiHeaders(appErrorResponse(e), requestId);
        if (isDatabaseUnavailable(e))
          return withApiHeaders(
            errorResponse(503, "UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, {}, { "Retry-After": "5" }),
            requestId,
          );
        const status = accessFallbackStatus(e);
        if (status === null) throw e;
        const code = status === 401 ? "UNAUTHENTICATED" : status === 403 ? "FORBIDDEN" : "NOT_FOUND";
        response = errorResponse(status, code, errorCodes[code]);
      }
    }
    return withApiHeaders(response, requestId);
  };
}

/**
 * 401 for a route handler called without a valid session: audited like a page's refusal (one row,
 * with the patient when the record is known), so anonymous tries on a chart's files show up too.
 */
export async function unauthenticated(what: {
  entityType: string;
  entityId?: string | null;
  patientId?: string | null;
}): Promise<Response> {
  await writeRefusal({
    actor: null,
    action: "ACCESS",
    entityType: what.entityType,
    entityId: what.entityId ?? null,
    patientId: what.patientId ?? null,
    outcome: "DENIED",
    ctx: await getRequestContext(),
    details: { reason: "unauthenticated" },
  });
  return errorResponse(401, "UNAUTHENTICATED", errorCodes.UNAUTHENTICATED);
}

/** The status of Next's own forbidden() / unauthorized() / notFound() interrupts (their digest), else null. */
function accessFallbackStatus(e: unknown): 401 | 403 | 404 | null {
  const digest = typeof e === "object" && e !== null && "digest" in e ? String((e as { digest: unknown }).digest) : "";
  const m = /^NEXT_HTTP_ERROR_FALLBACK;(401|403|404)$/.exec(digest);
  return m ? (Number(m[1]) as 401 | 403 | 404) : null;
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
