import "server-only";
import { pingDatabase } from "./db";

/** Readiness: the app can reach Postgres and is not shutting down. */
export async function readiness(): Promise<{ ready: boolean; database: "ok" | "unreachable"; draining: boolean }> {
  const draining = (globalThis as { __vpcDraining?: boolean }).__vpcDraining === true;
  const dbOk = await pingDatabase();
  return { ready: dbOk && !draining, database: dbOk ? "ok" : "unreachable", draining };
}
