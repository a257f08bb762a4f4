import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type en from "./messages/en.json";

/**
 * The message catalogs (docs/decisions/i18n.md): one JSON file per language in
 * src/i18n/messages, English the reference. A language is supported when its file is there, so a
 * third language is a new file (tests/unit/i18n-catalogs.test.ts checks it has every key).
 */
export type Messages = typeof en;

/** Every `<code>.json` in a folder, by code. */
export function loadCatalogs(dir: string): Record<string, Messages> {
  const out: Record<string, Messages> = {};
  for (const f of readdirSync(dir).sort()) {
    const m = /^([a-z]{2,3})\.json$/.exec(f);
    if (m) out[m[1]!] = JSON.parse(readFileSync(join(dir, f), "utf8")) as Messages;
  }
  return out;
}

export const MESSAGES_DIR = join(process.cwd(), "src", "i18n", "messages");

let cache: Record<string, Messages> | undefined;
/** The app's catalogs, read once per process. */
export function appCatalogs(): Record<string, Messages> {
  cache ??= loadCatalogs(MESSAGES_DIR);
  return cache;
}
