// `npm run udt:escalate`: the periodic tick for missed urine drug test collection windows, for
// a scheduler (cron, a Kubernetes CronJob) to run every few minutes. The app already runs the
// same check at read time (queues, charts, the patient's page) and before every step, so this
// only matters when nobody opens the app for a while. Safe to run concurrently with the app:
// each missed window is escalated exactly once (see escalateMissedWindows).
import "dotenv/config";
import { register } from "node:module";

// "server-only" throws outside React Server Components; this script runs the module in Node.
register(
  "data:text/javascript,export async function resolve(s,c,n){if(s==='server-only')return{url:'data:text/javascript,export{}',shortCircuit:true};return n(s,c)}",
);

if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL is not set.");
  process.exit(1);
}
process.env.NEXTAUTH_SECRET ??= "udt-escalate-does-not-sign-anything-000000";
const { escalateMissedWindows } = await import("../modules/udt/index.server");
const n = await escalateMissedWindows(new Date(), {
  ip: null,
  requestId: `udt-escalate-${Date.now()}`,
  userAgent: "udt-escalate",
});
console.log(`escalated ${n} missed collection window(s)`);
const hooks = (globalThis as { __vpcShutdownHooks?: Array<() => Promise<void>> }).__vpcShutdownHooks ?? [];
for (const h of hooks) await h();
