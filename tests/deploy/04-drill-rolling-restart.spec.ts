import { expect, test } from "@playwright/test";
import { accessLines, appPids, deploy } from "./deploy-env";
import {
  alive,
  bookingLoad,
  coordinatorApi,
  formLoad,
  makeDrillClinic,
  storedFormKeys,
  storedKeys,
  tally,
  tallyLine,
} from "./drill-load";

/**
 * Drill: a rolling restart under booking and form-submission load through nginx. Each instance in
 * turn gets SIGTERM (what `docker compose restart app1` or `systemctl restart` sends), drains
 * (its listener closes so nginx sends new requests to the other; in-flight ones finish; each kept
 * connection ends after its next answer; the pool closes), exits cleanly, is started again by its
 * supervisor (tests/deploy/run.ts), and the next instance is restarted only once nginx routes to
 * this one again - the procedure in README, "Rolling restart". Not one request may fail, and every
 * acknowledged write is stored (docs/decisions/deployment.md#rolling-restart). Figures are printed.
 */
const readyStatus = async (port: number) =>
  (await fetch(`http://127.0.0.1:${port}/api/ready`).catch(() => null))?.status ?? 0;

test("drill: rolling restart (SIGTERM one instance at a time) under booking and form load fails no request", async () => {
  test.setTimeout(400_000);
  const clinic = await makeDrillClinic();
  const api = await coordinatorApi();
  const bookings = bookingLoad(api, clinic, 3);
  const forms = await formLoad(clinic, 2);
  const restarts: string[] = [];
  try {
    await expect
      .poll(() => Math.min(bookings.acked().length, forms.acked().length), {
        message: "bookings and forms before the restart",
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(12);
    for (const i of [0, 1]) {
      const pid = appPids()[i]!;
      const port = deploy.appPorts[i]!;
      const sentAt = Date.now();
      process.kill(pid, "SIGTERM");
      await expect.poll(() => alive(pid), { message: `app${i + 1} drained and exited`, timeout: 60_000 }).toBe(false);
      const exitedAt = Date.now();
      await expect
        .poll(async () => appPids()[i] !== pid && (await readyStatus(port)) === 200, {
          message: `app${i + 1} started again and ready`,
          timeout: 180_000,
          intervals: [100],
        })
        .toBe(true);
      const readyAt = Date.now();
      // Back in nginx's rotation (it had marked the refused instance failed for fail_timeout):
      // requests of the load answered by this instance again. Only then is the next one restarted.
      const logAtReady = accessLines().length;
      const servedByIt = () =>
        accessLines()
          .slice(logAtReady)
          .filter((l) => l.upstream === `127.0.0.1:${port}` && l.status < 400).length;
      await expect
        .poll(servedByIt, { message: `nginx routes to app${i + 1} again`, timeout: 60_000, intervals: [100] })
        .toBeGreaterThanOrEqual(3);
      restarts.push(
        `app${i + 1}: drained and exited ${exitedAt - sentAt} ms after SIGTERM, ready ${readyAt - exitedAt} ms later, serving through nginx ${Date.now() - readyAt} ms after that (${Date.now() - sentAt} ms in all)`,
      );
    }
    // A little load on the restarted pair before the count.
    const n = bookings.outcomes.length;
    await expect.poll(() => bookings.outcomes.length - n, { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
    await bookings.stop();
    await forms.stop();

    const b = tally(bookings, await storedKeys(clinic));
    const f = tally(forms, await storedFormKeys(forms));
    console.log(
      [
        `[drill] rolling restart: ${b.sent + f.sent} requests sent, ${b.failed.length + f.failed.length} failed`,
        `[drill]   ${tallyLine("bookings (POST /api/visits)", b)}`,
        `[drill]   ${tallyLine("forms (POST /f/forms/<id>)", f)}`,
        ...restarts.map((r) => `[drill]   ${r}`),
      ].join("\n"),
    );
    expect(b.failed, "failed bookings").toEqual([]);
    expect(f.failed, "failed form submissions").toEqual([]);
    expect(b.lost, "acknowledged bookings missing from the database").toEqual([]);
    expect(f.lost, "acknowledged forms missing from the database").toEqual([]);
    expect(appPids().map(alive), "both instances running again").toEqual([true, true]);
  } finally {
    await bookings.stop();
    await forms.stop();
    await api.dispose();
  }
});
