/**
 * The one JSON error shape of every route handler (docs/architecture.md#errors):
 * `{ "error": { "code": "VALIDATION", "message": "...", "fields": { "<field>": ["..."] } } }`.
 * `code` is an AppError code (VALIDATION, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT,
 * RATE_LIMITED, INTERNAL), UNAVAILABLE (503: the database cannot be reached; retry) or a route's
 * own more precise one (CONSENT_REQUIRED, TOO_LARGE);
 * `message` is safe to show a person; `fields` names each bad input. A route may add details a
 * client acts on (the next free slots, the consent a start needs) inside `error`.
 * Pure: the browser's room code reads errors with `readApiError` too.
 */
export type ApiError = {
  code: string;
  message: string;
  fields?: Record<string, string[]>;
  [detail: string]: unknown;
};

export type ApiErrorBody = { error: ApiError };

/** The body for an error answer. */
export function apiErrorBody(
  code: string,
  message: string,
  details: Omit<ApiError, "code" | "message"> = {},
): ApiErrorBody {
  return { error: { ...details, code, message } };
}

/**
 * The error in a JSON answer. `fallback` is the message when the answer carries none in this
 * shape (a proxy's HTML page, an empty body); its code is then UNKNOWN.
 */
export function readApiError(body: unknown, fallback: string): ApiError {
  const e = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof e !== "object" || e === null) return { code: "UNKNOWN", message: fallback };
  const { code, message, fields } = e as Record<string, unknown>;
  const out: ApiError = {
    ...(e as Record<string, unknown>),
    code: typeof code === "string" ? code : "UNKNOWN",
    message: typeof message === "string" && message ? message : fallback,
  };
  if (!isFieldMap(fields)) delete out.fields;
  return out;
}

/** The first field message, else the message: what one line of a small UI should say. */
export function firstApiProblem(e: ApiError): string {
  return (e.fields && Object.values(e.fields).flat()[0]) || e.message;
}

function isFieldMap(v: unknown): v is Record<string, string[]> {
  return (
    typeof v === "object" &&
    v !== null &&
    Object.values(v).every((list) => Array.isArray(list) && list.every((m) => typeof m === "string"))
  );
}
