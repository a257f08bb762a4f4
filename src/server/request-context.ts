import "server-only";
import { headers } from "next/headers";
import { randomUUID } from "node:crypto";

export type RequestContext = { ip: string | null; requestId: string; userAgent: string | null };

/** Client IP and request id for audit rows. proxy.ts sets x-request-id on every request. */
export async function getRequestContext(): Promise<RequestContext> {
  try {
    const h = await headers();
    return fromHeaders(h);
  } catch {
    return { ip: null, requestId: randomUUID(), userAgent: null };
  }
}

export function fromHeaders(h: Headers): RequestContext {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: forwarded || h.get("x-real-ip") || null,
    requestId: h.get("x-request-id") ?? randomUUID(),
    userAgent: h.get("user-agent")?.slice(0, 300) ?? null,
  };
}
