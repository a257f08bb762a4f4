/**
 * Next.js calls register() once when a server process starts. It checks the configuration first
 * (a bad value stops the server naming the variable, whatever launched it), then starts the reminder outbox tick
 * (every REMINDER_TICK_SECONDS) in the Node.js runtime only. Each app instance runs its own
 * tick; the outbox claim (FOR UPDATE SKIP LOCKED) keeps them from sending a message twice.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { readEnv } = await import("./server/env-schema");
  const env = readEnv();
  const { startReminderTicker } = await import("./modules/scheduling/reminders.server");
  startReminderTicker();
  const { startSignalSweeper } = await import("./modules/video/signals.server");
  startSignalSweeper();
  if (env.VIDEO_LOOPBACK_ONLY === "1") console.warn("[video] VIDEO_LOOPBACK_ONLY=1: only 127.0.0.1 ICE candidates are signalled (tests only; never in production)");
}
