import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";

export type RequestContext = { ip: string | null; requestId: string; userAgent: string | null };

/**
 * The request id of the API request being handled (set by apiRoute, src/server/api-route.ts).
 * Pages and server actions get theirs from proxy.ts as the x-request-id request header; /api is
 * not behind the proxy, and a client-sent x-request-id must never reach an audit row.
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

export function fromHeaders(h: Headers): RequestContext {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: forwarded || h.get("x-real-ip") || null,
    requestId: apiRequestId.getStore() ?? h.get("x-request-id") ?? randomUUID(),
    userAgent: h.get("user-agent")?.slice(0, 300) ?? null,
  };
}
