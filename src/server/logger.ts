/**
 * Structured application log. Never pass PHI, passwords or tokens: log event names, ids of
 * rows, codes and counts only (docs/security-model.md#application-logs).
 */
import { quietLogs } from "./env-schema";

type Fields = Record<string, string | number | boolean | null | undefined>;

function write(level: "info" | "warn" | "error", event: string, fields?: Fields) {
  if (level === "info" && quietLogs()) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}

export const logger = {
  info: (event: string, fields?: Fields) => write("info", event, fields),
  warn: (event: string, fields?: Fields) => write("warn", event, fields),
  error: (event: string, fields?: Fields) => write("error", event, fields),
};
