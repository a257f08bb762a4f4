import "server-only";
import { getEnv } from "@/server/env";
import { deriveLinkKey } from "./core/token";

let cached: { secret: string; key: Buffer } | null = null;

/** The token MAC key for the running app (derived once per secret). */
export function linkKey(): Buffer {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (cached?.secret !== secret) cached = { secret, key: deriveLinkKey(secret) };
  return cached.key;
}
