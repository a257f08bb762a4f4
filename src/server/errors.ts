/**
 * Expected failures, each mapped to a safe message. Never echo an internal error (Prisma, SQL,
 * stack) to the browser: unknown errors become INTERNAL with a generic text.
 */
export const errorCodes = {
  /** No valid session (signed out, expired, revoked). */
  UNAUTHENTICATED: "Please sign in to continue.",
  /** Signed in, but the role or the record's scope does not allow it. */
  FORBIDDEN: "You do not have access to this.",
  /** The record does not exist or is outside the actor's scope (indistinguishable on purpose). */
  NOT_FOUND: "We could not find that record.",
  /** Input failed validation; field errors say what to fix. */
  VALIDATION: "Please correct the highlighted fields.",
  /** A unique or exclusion constraint was hit, or the record changed meanwhile. */
  CONFLICT: "That conflicts with an existing record.",
  /** Too many attempts in a short time. */
  RATE_LIMITED: "Too many attempts. Wait a minute and try again.",
  /** Anything unexpected. */
  INTERNAL: "Something went wrong on our side. Try again; if it keeps happening, contact support.",
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message ?? errorCodes[code]);
    this.name = "AppError";
  }
}

/**
 * Next's marker of a forbidden() interrupt. A denial carries it so that pages and actions render
 * the 403 page exactly as forbidden() does, while our code and tests see a typed AppError
 * (tests/unit/access-denied.test.ts fails if Next's forbidden() stops using this digest).
 */
export const NEXT_FORBIDDEN_DIGEST = "NEXT_HTTP_ERROR_FALLBACK;403";

/**
 * A denial (issue 11, item 4): thrown by data functions through `authorize`/`denyAccess` once the
 * refusal is audited. Typed (code FORBIDDEN) for our adapters and tests; rendered by Next as 403.
 */
export class AccessDenied extends AppError {
  readonly digest = NEXT_FORBIDDEN_DIGEST;
  constructor() {
    super("FORBIDDEN");
    this.name = "AccessDenied";
  }
}

/** A denial, typed: what tests and adapters check instead of Next's digest string. */
export function isAccessDenied(e: unknown): e is AccessDenied {
  return e instanceof AccessDenied;
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Postgres error code of a Prisma/pg error, if any (e.g. 23505 unique, 23P01 exclusion). */
export function pgErrorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === "object" && depth < 5; depth++) {
    const o = cur as {
      code?: unknown;
      originalCode?: unknown;
      cause?: unknown;
      meta?: { code?: unknown; driverAdapterError?: unknown };
    };
    // Raw queries ($queryRaw / $executeRaw) fail with P2010 and carry the SQLSTATE as
    // meta.driverAdapterError.cause.originalCode.
    if (typeof o.originalCode === "string" && /^[0-9A-Z]{5}$/.test(o.originalCode)) return o.originalCode;
    // Prisma's own codes first: P2002 is its name for a unique violation.
    if (o.code === "P2002") return "23505";
    if (typeof o.code === "string" && /^[0-9A-Z]{5}$/.test(o.code) && !o.code.startsWith("P")) return o.code;
    if (o.meta && typeof o.meta.code === "string" && /^[0-9A-Z]{5}$/.test(o.meta.code)) return o.meta.code;
    cur = o.cause ?? o.meta?.driverAdapterError;
  }
  return undefined;
}

/** The answer while PostgreSQL cannot be reached (an outage, a restart, a fail-over): retryable. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  "The clinic system is briefly unavailable. Please try again in a few seconds.";

// SQLSTATEs of a lost or refused connection: class 08, shutdown / cannot connect now, too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
// Node socket errors, Prisma's "cannot reach / closed / pool timeout" codes, driver-adapter error kinds.
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1017", "P2024"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error/;

/**
 * True when an error means the database could not be reached (not that a query was wrong): the
 * API answers 503 with Retry-After and forms say "try again" (docs/security-model.md#reliability),
 * instead of a 500. Walks the cause chain as pgErrorCode does (Prisma wraps the pg error).
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === "object" && depth < 6; depth++) {
    const o = cur as {
      code?: unknown;
      originalCode?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { code?: unknown; driverAdapterError?: unknown };
    };
    for (const c of [o.code, o.originalCode, o.meta?.code])
      if (
        typeof c === "string" &&
        (UNAVAILABLE_SQLSTATE.test(c) || UNAVAILABLE_CODES.has(c) || UNAVAILABLE_PRISMA.has(c))
      )
        return true;
    if (typeof o.kind === "string" && UNAVAILABLE_KINDS.has(o.kind)) return true;
    if (typeof o.message === "string" && UNAVAILABLE_MESSAGE.test(o.message)) return true;
    cur = o.cause ?? o.meta?.driverAdapterError;
  }
  return false;
}
