// No "server-only" and no Next imports: src/cli/serve.ts (plain Node, before Next) uses this, and
// the app reads the same names. Pure functions; tests/unit/http-gate.test.ts checks each rule.
import { randomBytes } from "node:crypto";

/**
 * What the custom server (src/cli/serve.ts) decides about a request before Next sees it - the one
 * choke point every request passes (docs/decisions/0007b-input-hardening.md):
 * - headers only the server may set are dropped from the request and set by the server: a request
 *   id and the client address for audit rows, sealed with a per-process secret so the app can tell
 *   them from anything a client sent (proxy.ts and apiRoute do not run on every path);
 * - methods, bodies and server-action envelopes Next would answer with a 500 get a clear 4xx.
 */

/** Request headers the app sets for itself; a client's copy never gets through. */
export const INTERNAL_REQUEST_HEADERS = [
  "x-request-id",
  "x-pathname",
  "x-nonce",
  "x-csrf-token",
  "content-security-policy",
  "x-matched-path",
  "x-now-route-matches",
] as const;
const INTERNAL_PREFIXES = ["x-vpc-", "x-middleware-", "x-invoke-", "x-next-"] as const;
/** Set by a reverse proxy: believed only with TRUST_PROXY=1. */
const FORWARDING_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
  "forwarded",
] as const;

export const CLIENT_IP_HEADER = "x-vpc-client-ip";
export const SEAL_HEADER = "x-vpc-seal";
export const REQUEST_ID_HEADER = "x-request-id";

/** Server actions' body limit, the same as next.config.js experimental.serverActions.bodySizeLimit (1mb). */
export const MAX_BODY_BYTES = 1024 * 1024;
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS"] as const;
/** DELETE only cancels a FHIR bulk export (its status URL, HL7 Bulk Data Access IG v2). */
const DELETE_PATH = /^\/fhir\/R4\/bulk\/[0-9a-f-]{36}\/?(\?|$)/;

const globalSeal = globalThis as unknown as { __vpcRequestSeal?: string };

/** The per-process secret that marks headers set by the custom server. Made on first use. */
export function requestSeal(): string {
  return (globalSeal.__vpcRequestSeal ??= randomBytes(24).toString("base64url"));
}

/** True when these headers passed through the custom server (its seal is on them). */
export function isSealed(get: (name: string) => string | null | undefined): boolean {
  const seal = globalSeal.__vpcRequestSeal;
  return !!seal && get(SEAL_HEADER) === seal;
}

export function isInternalHeader(name: string, trustProxy: boolean): boolean {
  const n = name.toLowerCase();
  if ((INTERNAL_REQUEST_HEADERS as readonly string[]).includes(n)) return true;
  if (INTERNAL_PREFIXES.some((p) => n.startsWith(p))) return true;
  return !trustProxy && (FORWARDING_HEADERS as readonly string[]).includes(n);
}

/**
 * The client's address: the socket's, or behind a trusted reverse proxy (TRUST_PROXY=1) the last
 * X-Forwarded-For hop - the one that proxy added; anything left of it came from the client.
 */
export function clientIp(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustProxy: boolean,
): string | null {
  if (trustProxy && forwardedFor) {
    const hops = forwardedFor
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last && /^[0-9a-fA-F.:]{2,45}$/.test(last)) return last;
  }
  return socketAddress ?? null;
}

/**
 * Fetch metadata first (browsers send Sec-Fetch-Site); otherwise compare Origin with the Host the
 * request was sent to. Requests with neither (server-to-server tools) are allowed: they carry no
 * browser cookies by accident.
 */
export function isCrossSite(get: (name: string) => string | null | undefined): boolean {
  const site = get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = get("origin");
  if (!origin || origin === "null") return origin === "null";
  try {
    const host = get("x-forwarded-host") ?? get("host");
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** A path Next would fail to decode (malformed percent-encoding) or one carrying control characters. */
export function isMalformedPath(rawUrl: string): boolean {
  const path = rawUrl.split("?")[0] ?? "";
  try {
    const decoded = decodeURIComponent(path);

    return /[\u0000-\u001f\u007f]/.test(decoded);
  } catch {
    return true;
  }
}

export type GateRefusal = { status: 400 | 403 | 405 | 411 | 413; message: string };

/** Checks that need only the request line and headers. */
export function checkRequestHead(req: {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}): GateRefusal | null {
  const method = (req.method ?? "GET").toUpperCase();
  const deleteAllowed = method === "DELETE" && DELETE_PATH.test(req.url ?? "");
  if (!(ALLOWED_METHODS as readonly string[]).includes(method) && !deleteAllowed)
    return { status: 405, message: `Method ${method.slice(0, 20)} is not allowed.` };
  if (isMalformedPath(req.url ?? "/")) return { status: 400, message: "The address is not valid." };
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return null;
  const get = (n: string) => {
    const v = req.headers[n];
    return Array.isArray(v) ? v[0] : v;
  };
  if (isCrossSite(get)) return { status: 403, message: "Cross-site request refused." };
  const length = get("content-length");
  if (get("transfer-encoding") && length === undefined)
    return { status: 411, message: "Send the request with a Content-Length." };
  if (length !== undefined && !(Number(length) <= MAX_BODY_BYTES))
    return { status: 413, message: "The request is too large (at most 1 MB)." };
  return null;
}

/**
 * A server action request (Next decodes its body as a React reply): a POST with a Next-Action
 * header, or a multipart form post to a page (the no-JavaScript path).
 */
export function isServerActionRequest(
  method: string | undefined,
  url: string | undefined,
  headers: Record<string, string | string[] | undefined>,
): boolean {
  if ((method ?? "").toUpperCase() !== "POST" || (url ?? "").startsWith("/api/")) return false;
  const ct = String(headers["content-type"] ?? "");
  return headers["next-action"] !== undefined || ct.startsWith("multipart/form-data");
}

function isJsonArray(text: string | null): boolean {
  if (text === null) return false;
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

function isJson(text: FormDataEntryValue | null): boolean {
  if (typeof text !== "string") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isJsonWithId(text: FormDataEntryValue | null): boolean {
  if (typeof text !== "string") return false;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === "object" && v !== null && typeof (v as { id?: unknown }).id === "string";
  } catch {
    return false;
  }
}

/**
 * The envelope of a server action body, which React would otherwise fail to decode with a 500:
 * a fetch action's arguments must be a JSON array (text body, or field "0" of a multipart one);
 * a no-JavaScript form's bound action reference must be well formed. The arguments themselves are
 * checked by each action (they can be any JSON a client chooses).
 */
export async function checkActionBody(
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
): Promise<GateRefusal | null> {
  const bad: GateRefusal = { status: 400, message: "The form could not be read. Reload the page and try again." };
  const ct = String(headers["content-type"] ?? "");
  const isFetch = headers["next-action"] !== undefined;
  if (!ct.startsWith("multipart/form-data")) return isFetch && !isJsonArray(body.toString("utf8")) ? bad : null;
  let form: FormData;
  try {
    form = await new Request("http://gate.invalid/", {
      method: "POST",
      headers: { "content-type": ct },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    return bad;
  }
  if (isFetch) {
    const root = form.get("0");
    return typeof root === "string" && isJsonArray(root) ? null : bad;
  }
  for (const key of form.keys()) {
    const ref = /^\$ACTION_REF_(.*)$/.exec(key);
    if (ref && !isJsonWithId(form.get(`$ACTION_${ref[1]}:0`))) return bad;
    // The bound arguments' rows of that reference.
    if (/^\$ACTION_[^:]*:\d+$/.test(key) && !isJson(form.get(key))) return bad;
  }
  return null;
}
