import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { CLIENT_IP_HEADER, isSealed, REQUEST_ID_HEADER } from "./http-gate";

export type RequestContext = { ip: string | null; requestId: string; userAgent: string | null };

/**
 * The request id of the API request being handled (set by apiRoute, src/server/api-route.ts).
 * Pages and server actions get theirs as the x-request-id request header, which the custom server
 * (src/cli/serve.ts) sets after dropping any client copy, and proxy.ts sets again on every page.
 */
const apiRequestId = new AsyncLocalStorage<string>();

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return apiRequestId.run(requestId, fn);
}

/** Client IP and request id for audit rows. */
export async function getRequestContext(): Promise<RequestContext> {
  try {
    const h = await headers();
    return fromHeaders(h);
  } catch {
    return { ip: null, requestId: apiRequestId.getStore() ?? randomUUID(), userAgent: null };
  }
}

/**
 * The client address is believed only when the custom server sealed it (http-gate.ts): it comes
 * from the socket, or from the trusted reverse proxy's X-Forwarded-For hop with TRUST_PROXY=1.
 * X-Forwarded-For and X-Real-IP themselves are never read here, so a client cannot choose the IP
 * of the login rate limit or of the audit trail whatever way the app was started.
 */
export function fromHeaders(h: Headers): RequestContext {
  const sealed = isSealed((n) => h.get(n));
  return {
    ip: sealed ? h.get(CLIENT_IP_HEADER) : null,
    requestId: apiRequestId.getStore() ?? h.get(REQUEST_ID_HEADER) ?? randomUUID(),
    userAgent: h.get("user-agent")?.slice(0, 300) ?? null,
  };
}

/** The server-made request id in these headers, if the custom server sealed them. */
export function sealedRequestId(h: Headers): string | null {
  return isSealed((n) => h.get(n)) ? h.get(REQUEST_ID_HEADER) : null;
}
