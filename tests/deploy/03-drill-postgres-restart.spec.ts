import { expect, test } from "@playwright/test";
import { deploy } from "./deploy-env";
import { alive, bookingLoad, coordinatorApi, makeDrillClinic, percentile, storedKeys } from "./drill-load";
import { privatePostgresControl } from "./private-postgres";

/**
 * Fault drill: the deployment's PostgreSQL (the test's private cluster, never the machine's
 * shared one) is stopped and started again while coordinators book through nginx. No app process
 * crashes; during the outage requests fail fast with a retryable 503; every acknowledged booking
 * is in the database afterwards; bookings succeed again without restarting an app.
 * Figures are printed; no speed is asserted (a loaded machine makes it slower, never red).
 */
test("drill: PostgreSQL restarted under booking load", async () => {
  test.setTimeout(300_000);
  const pg = privatePostgresControl(deploy.dir, deploy.pgPort);
  const clinic = await makeDrillClinic();
  const api = await coordinatorApi();
  const load = bookingLoad(api, clinic, 4);
  try {
    await expect
      .poll(() => load.acked().length, { message: "bookings before the outage", timeout: 60_000 })
      .toBeGreaterThanOrEqual(12);

    const downAt = Date.now();
    await pg.stop();
    const stoppedAt = Date.now();
    // Requests sent while the database is down: wait until a dozen have been answered.
    const during = () => load.outcomes.filter((o) => o.startedAt >= stoppedAt);
    await expect
      .poll(() => during().length, { message: "answers during the outage", timeout: 120_000 })
      .toBeGreaterThanOrEqual(12);
    const outage = during();

    await pg.start();
    const upAt = Date.now();
    const recovered = () => load.acked().filter((o) => o.startedAt >= upAt);
    await expect
      .poll(() => recovered().length, { message: "bookings after the restart", timeout: 120_000 })
      .toBeGreaterThanOrEqual(12);
    const firstAck = Math.min(...recovered().map((o) => o.doneAt));
    await load.stop();

    const acked = load.acked();
    const stored = await storedKeys(clinic);
    const lost = acked.filter((o) => !stored.has(o.key));
    const unacked = load.outcomes.filter((o) => !(o.status === 200 || o.status === 201));
    const inDoubt = unacked.filter((o) => stored.has(o.key));
    const count = (list: typeof outage) =>
      list.reduce<Record<string, number>>((m, o) => ((m[o.status] = (m[o.status] ?? 0) + 1), m), {});
    const statuses = count(outage);
    const allFailed = count(unacked);
    const ms = outage.map((o) => o.doneAt - o.startedAt);
    console.log(
      [
        `[drill] PostgreSQL restart: stop took ${stoppedAt - downAt} ms; ${load.outcomes.length} booking requests in all`,
        `[drill]   acknowledged ${acked.length}, stored ${acked.length - lost.length} of them, lost ${lost.length}; not acknowledged ${unacked.length} (${inDoubt.length} of those stored anyway), answered ${JSON.stringify(allFailed)}`,
        `[drill]   during the outage: ${outage.length} answers ${JSON.stringify(statuses)}, p50 ${percentile(ms, 50)} ms, max ${Math.max(...ms)} ms`,
        `[drill]   first booking acknowledged ${firstAck - upAt} ms after PostgreSQL was back (no app restarted)`,
        `[drill]   sample outage answer: ${outage.find((o) => o.status !== 0)?.body ?? outage[0]?.body}`,
      ].join("\n"),
    );
    expect(lost, "acknowledged bookings missing from the database").toEqual([]);
    expect(deploy.appPids.map(alive), "both app processes still running").toEqual([true, true]);
    // A clear, retryable answer (503 with Retry-After), never a hang or a 500.
    expect(Object.keys(statuses), "statuses during the outage").toEqual(["503"]);
    expect(Object.keys(allFailed), "every failed booking (also those cut off while stopping)").toEqual(["503"]);
  } finally {
    await load.stop();
    await api.dispose();
  }
});
