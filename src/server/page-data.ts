import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "./errors";

/** Pages: a record that is missing or out of scope renders the 404 page (no data, no hint). */
export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}

export { isUuid } from "./uuid";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** First value of each query parameter, as strings (for zod parsing of GET filters). */
export async function flatParams(sp: SearchParams, allowed: readonly string[]): Promise<Record<string, string>> {
  const raw = await sp;
  const out: Record<string, string> = {};
  for (const k of allowed) {
    const v = raw[k];
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === "string") out[k] = s;
  }
  return out;
}
