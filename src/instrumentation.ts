/**
 * Next.js calls register() once when a server process starts (Node.js runtime only). It checks the
 * configuration first (a bad value stops the server naming the variable, whatever launched it),
 * then starts the background worker loop (src/server/worker): every instance ticks, the one
 * holding the lease runs the jobs (reminders, missed drug-test windows, clean-ups).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { readEnv } = await import("./server/env-schema");
  const env = readEnv();
  const { startWorker } = await import("./server/worker/loop.server");
  const { backgroundJobs } = await import("./server/worker/jobs.server");
  startWorker(backgroundJobs(), env.WORKER_TICK_SECONDS);
  if (env.VIDEO_LOOPBACK_ONLY === "1")
    console.warn(
      "[video] VIDEO_LOOPBACK_ONLY=1: only 127.0.0.1 ICE candidates are signalled (tests only; never in production)",
    );
}
