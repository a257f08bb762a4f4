import { expect, test } from "@playwright/test";
import { demoAccounts } from "../e2e/fixtures";
import { makeVideoVisit, withDb } from "../e2e/video-data";
import { appPids, signInWithForm } from "./deploy-env";

/**
 * Through nginx (TLS, HTTP/2) in front of two app instances: sign-in, a booking and a form; the
 * audit trail records the client address nginx saw, never one the client forged; the background
 * worker runs on one instance at a time.
 */
const FORGED = "203.0.113.66";

/** A Monday at least 3 days ahead in the clinic's zone (demo clinicians work weekdays). */
function mondayAhead(): string {
  for (let i = 3; ; i++) {
    const d = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles" }).format(Date.now() + i * 86_400_000);
    if (new Date(`${d}T12:00:00Z`).getUTCDay() === 1) return d;
  }
}

test("sign-in, a booking and a form through nginx over HTTP/2; audit rows carry nginx's client address, not a forged one", async ({
  browser,
}) => {
  const since = new Date();
  // Every request of both browsers carries a forged X-Forwarded-For (as an attacker's would).
  const staff = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": FORGED } });
  const c = await staff.newPage();
  await signInWithForm(c, demoAccounts.coordinator.email);
  expect(
    await c.evaluate(
      () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).nextHopProtocol,
    ),
  ).toBe("h2");

  // A booking, through the booking page.
  await c.goto("/schedule/book");
  await c.getByLabel("Find patient").fill("Clark");
  await c.getByRole("button", { name: "Search" }).click();
  await c.getByRole("link", { name: "Choose Thomas Clark" }).click();
  await c.getByLabel("Clinician").selectOption({ label: "Dr. Priya Patel" });
  await c.getByLabel("From", { exact: true }).fill(mondayAhead());
  await c.getByLabel("To", { exact: true }).fill(mondayAhead());
  await c.getByRole("button", { name: "Find open times" }).click();
  await c.locator('input[name="slot"]').first().check();
  await c.getByRole("radio", { name: /Video visit/ }).check();
  await c.getByLabel("Reason for the visit").fill("Follow-up through the proxy");
  await c.getByRole("button", { name: "Book visit" }).click();
  await expect(c.getByText("Visit booked.")).toBeVisible();

  // A pre-visit form: the coordinator asks for a PEG, the patient answers it from the link.
  await c.goto("/patients?q=Nguyen");
  await c.getByRole("link", { name: "Linda Nguyen" }).first().click();
  await expect(c).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
  await c.goto(`${new URL(c.url()).pathname}/forms`);
  await c.getByLabel("Form (required)").selectOption("PEG");
  await c.getByLabel("Due (when not for a visit)").selectOption("2");
  await c.getByRole("button", { name: "Add form" }).click();
  await expect(c.getByText("Form added.")).toBeVisible();
  await c.getByRole("button", { name: "Send reminder with a new link" }).click();
  const link = new URL(await c.getByLabel("Secure link (shown only now)").inputValue());

  const patient = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": FORGED } });
  const p = await patient.newPage();
  await p.goto(link.pathname);
  await p.getByRole("button", { name: "Start" }).click();
  await expect(p).toHaveURL(/\/f\/forms$/);
  await p.getByRole("link", { name: /^Start/ }).click();
  for (const [question, answer] of [
    [/pain on average in the past week/, "6"],
    [/interfered with your enjoyment of life/, "5"],
    [/interfered with your general activity/, "7"],
  ] as const)
    await p.getByRole("group", { name: question }).getByLabel(answer, { exact: true }).check();
  await p.getByRole("button", { name: /^Send/ }).click();
  await expect(p.getByRole("heading", { name: "Thank you. Your answers were sent." })).toBeVisible();

  // The app saw nginx on its socket (127.0.0.2: nginx connects from there) and took the client
  // address from the hop nginx added (127.0.0.1); the forged first hop is nowhere.
  const ips = await withDb(
    async (db) =>
      (
        await db.query<{ ip: string | null; n: number }>(
          `SELECT ip, count(*)::int AS n FROM "AuditEvent" WHERE at >= $1 AND "requestId" NOT LIKE 'worker-%' GROUP BY ip`,
          [since],
        )
      ).rows,
  );
  console.log(`[deploy] audit rows since the journey began, by client address: ${JSON.stringify(ips)}`);
  expect(ips.map((r) => r.ip)).toEqual(["127.0.0.1"]);
  expect(ips[0]!.n).toBeGreaterThanOrEqual(4);
  await staff.close();
  await patient.close();
});

test("the background worker runs on one instance at a time across both", async () => {
  // Due reminders for three upcoming visits: each must be claimed exactly once.
  const visits = [await makeVideoVisit({ startsInMinutes: 180 }), await makeVideoVisit({ startsInMinutes: 200 })];
  const ids = await withDb(async (db) => {
    const out: string[] = [];
    for (const v of visits) {
      const r = await db.query<{ id: string }>(
        `INSERT INTO "ReminderMessage" (id, "visitId", kind, "visitSequence", "sendAfter", channel, "updatedAt")
         SELECT gen_random_uuid(), id, 'deploy-test', sequence, now(), 'email', now() FROM "Visit" WHERE id = $1 RETURNING id`,
        [v.visitId],
      );
      out.push(r.rows[0]!.id);
    }
    return out;
  });
  // Watch the reminder job over several ticks (one a second on each instance): every run is by
  // the lease holder, and the holder is one of the two app processes.
  const seen = new Set<string>();
  let first: number | null = null;
  await expect
    .poll(
      async () =>
        withDb(async (db) => {
          const r = await db.query<{ runs: number; lastInstance: string | null }>(
            `SELECT runs, "lastInstance" FROM "WorkerJob" WHERE name = 'visit-reminders'`,
          );
          const row = r.rows[0];
          if (!row) return 0;
          if (row.lastInstance) seen.add(row.lastInstance);
          first ??= row.runs;
          return row.runs - first;
        }),
      { message: "the reminder job keeps running", timeout: 60_000, intervals: [200] },
    )
    .toBeGreaterThanOrEqual(5);
  const { holder, reminders } = await withDb(async (db) => ({
    holder: (await db.query<{ holder: string }>(`SELECT holder FROM "WorkerLease"`)).rows.map((r) => r.holder),
    reminders: (
      await db.query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM "ReminderMessage" WHERE id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows,
  }));
  console.log(
    `[deploy] worker: runs by ${[...seen].join(", ")}; lease ${holder.join(", ")}; reminders ${JSON.stringify(reminders)}`,
  );
  expect(holder).toHaveLength(1);
  expect([...seen]).toEqual(holder);
  const pid = Number(holder[0]!.split(":")[1]);
  expect(appPids()).toContain(pid);
  expect(reminders).toEqual(ids.map(() => ({ status: "HELD", attempts: 1 })));
});
