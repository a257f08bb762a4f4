import { expect, test } from "@playwright/test";
import { appPids, deploy } from "./deploy-env";
import {
  alive,
  bookingLoad,
  byStatus,
  coordinatorApi,
  formLoad,
  makeDrillClinic,
  percentile,
  storedFormKeys,
  storedKeys,
  tally,
  tallyLine,
} from "./drill-load";
import { privatePostgresControl } from "./private-postgres";

/**
 * Fault drill: the deployment's PostgreSQL (the test's private cluster, never the machine's
 * shared one) is stopped and started again while coordinators book and patients send forms
 * through nginx. No app process crashes; during the outage requests fail fast with a retryable
 * 503; every acknowledged booking and form is in the database afterwards; both succeed again
 * without restarting an app. Figures are printed; no speed is asserted (a loaded machine makes
 * it slower, never red).
 */
test("drill: PostgreSQL restarted under booking and form-submission load", async () => {
  test.setTimeout(300_000);
  const pg = privatePostgresControl(deploy.dir, deploy.pgPort);
  const clinic = await makeDrillClinic();
  const api = await coordinatorApi();
  const bookings = bookingLoad(api, clinic, 4);
  const forms = await formLoad(clinic, 2);
  const both = () => [...bookings.outcomes, ...forms.outcomes];
  try {
    await expect
      .poll(() => Math.min(bookings.acked().length, forms.acked().length), {
        message: "bookings and forms before the outage",
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(12);

    const downAt = Date.now();
    await pg.stop();
    const stoppedAt = Date.now();
    // Requests sent while the database is down: wait until a dozen of each have been answered.
    const during = (l: typeof bookings) => l.outcomes.filter((o) => o.startedAt >= stoppedAt);
    await expect
      .poll(() => Math.min(during(bookings).length, during(forms).length), {
        message: "answers during the outage",
        timeout: 120_000,
      })
      .toBeGreaterThanOrEqual(12);
    const outage = both().filter((o) => o.startedAt >= stoppedAt);

    await pg.start();
    const upAt = Date.now();
    const recovered = (l: typeof bookings) => l.acked().filter((o) => o.startedAt >= upAt);
    await expect
      .poll(() => Math.min(recovered(bookings).length, recovered(forms).length), {
        message: "bookings and forms after the restart",
        timeout: 120_000,
      })
      .toBeGreaterThanOrEqual(12);
    const firstAck = (l: typeof bookings) => Math.min(...recovered(l).map((o) => o.doneAt)) - upAt;
    await bookings.stop();
    await forms.stop();

    const b = tally(bookings, await storedKeys(clinic));
    const f = tally(forms, await storedFormKeys(forms));
    const ms = outage.map((o) => o.doneAt - o.startedAt);
    console.log(
      [
        `[drill] PostgreSQL restart: stop took ${stoppedAt - downAt} ms, down ${upAt - stoppedAt} ms`,
        `[drill]   ${tallyLine("bookings (POST /api/visits)", b)}`,
        `[drill]   ${tallyLine("forms (POST /f/forms/<id>)", f)}`,
        `[drill]   during the outage: ${outage.length} answers ${JSON.stringify(byStatus(outage))}, p50 ${percentile(ms, 50)} ms, max ${Math.max(...ms)} ms`,
        `[drill]   first acknowledged after PostgreSQL was back (no app restarted): booking ${firstAck(bookings)} ms, form ${firstAck(forms)} ms`,
        `[drill]   sample outage answers: ${during(bookings).find((o) => o.status !== 0)?.body ?? ""} | form ${during(forms)[0]?.status} ${during(forms)[0]?.body.slice(0, 60) ?? ""}`,
      ].join("\n"),
    );
    expect(b.lost, "acknowledged bookings missing from the database").toEqual([]);
    expect(f.lost, "acknowledged forms missing from the database").toEqual([]);
    expect(appPids().map(alive), "both app processes still running").toEqual([true, true]);
    // A clear, retryable answer (503 with Retry-After), never a hang or a 500.
    expect(Object.keys(byStatus(outage)), "statuses during the outage").toEqual(["503"]);
    expect(Object.keys(b.failedByStatus), "every failed booking (also those cut off while stopping)").toEqual(["503"]);
    expect(Object.keys(f.failedByStatus), "every failed form (also those cut off while stopping)").toEqual(["503"]);
  } finally {
    await bookings.stop();
    await forms.stop();
    await api.dispose();
  }
});
