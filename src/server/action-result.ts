import "server-only";
import { unstable_rethrow } from "next/navigation";
import { withoutSecrets, type FormState } from "@/lib/forms";
import { DATABASE_UNAVAILABLE_MESSAGE, errorCodes, isAppError, isDatabaseUnavailable, pgErrorCode } from "./errors";
import { logger } from "./logger";

/**
 * Maps a thrown error to a form state: expected AppErrors become their safe message and field
 * errors; anything else is logged (no PHI) and shown as a generic message. Next's own control
 * flow (redirect, forbidden, notFound) is rethrown.
 */
export function failureState(e: unknown, values: Record<string, string>, where: string): FormState {
  unstable_rethrow(e);
  if (isAppError(e)) {
    return { status: "error", message: e.message, errors: e.fieldErrors, values: withoutSecrets(values) };
  }
  // Codes only (Prisma P-codes, SQLSTATEs): never messages, which can quote PHI values.
  const code = typeof (e as { code?: unknown })?.code === "string" ? (e as { code: string }).code : undefined;
  logger.error("action.failed", {
    where,
    error: e instanceof Error ? e.name : "unknown",
    code,
    sqlstate: pgErrorCode(e),
  });
  // A database outage is retryable: say so (the values stay in the form for the retry).
  const message = isDatabaseUnavailable(e) ? DATABASE_UNAVAILABLE_MESSAGE : errorCodes.INTERNAL;
  return { status: "error", message, values: withoutSecrets(values) };
}
