import { randomUUID } from "node:crypto";
import {
  demoAccounts,
  expect,
  expectAccessible,
  expectFitsPhone,
  loginAs,
  signInWithRequest,
  DEMO_PASSWORD,
  test,
} from "./fixtures";
import { withDb } from "./video-data";

/**
 * Issue 10, D11a: the consent text says the patient may change their mind at any time, so the
 * portal lets them withdraw: "Withdraw my consent" -> a confirmation step -> recorded as a
 * revocation the care team sees on the chart. Plain forms: it works without JavaScript.
 * Each run makes its own patient (with an account and video consent on file).
 */
async function patientWithConsent(): Promise<{ patientId: string; email: string; name: string }> {
  const tag = randomUUID().slice(0, 8);
  return withDb(async (c) => {
    const hash = (
      await c.query<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE email = $1`, [
        demoAccounts.clinician.email,
      ])
    ).rows[0]!.passwordHash;
    const staffId = (
      await c.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [demoAccounts.clinician.email])
    ).rows[0]!.id;
    const patientId = randomUUID();
    const name = `Wanda${tag.slice(0, 4)} Withdraw${tag.slice(4)}`;
    await c.query(
      `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", phone, "timeZone", "stateOfResidence", "updatedAt")
       VALUES ($1, $2, $3, $4, '1968-04-02', '+12065550177', 'America/Los_Angeles', 'WA', now())`,
      [patientId, `WDR-${tag}`, ...name.split(" ")],
    );
    const email = `wanda.${tag}@test.patient`;
    await c.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "patientId", "updatedAt") VALUES ($1, $2, $3, $4, 'PATIENT', $5, now())`,
      [randomUUID(), email, name, hash, patientId],
    );
    await c.query(
      `INSERT INTO "ConsentRecord" (id, "patientId", kind, "textId", method, "capturedById", "expiresAt", "idempotencyKey")
       SELECT $1, $2, 'VIDEO', t.id, 'VERBAL', $3, now() + interval '300 days', $4 FROM "ConsentText" t WHERE t.kind = 'VIDEO' ORDER BY t.version DESC LIMIT 1`,
      [randomUUID(), patientId, staffId, `e2e-consent-${tag}`],
    );
    return { patientId, email, name };
  });
}

test.describe("the patient withdraws consent without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  test("withdraw -> confirm -> recorded; the chart shows it", async ({ page, browser }) => {
    const p = await patientWithConsent();
    const res = await signInWithRequest(page.context().request, p.email, DEMO_PASSWORD);
    expect(res.status()).toBe(302);
    await page.goto("/me/consent");
    const video = page.getByRole("region", { name: "Video visits" });
    await expect(video.getByText("Video visits: On file")).toBeVisible();
    await video.getByRole("link", { name: "Withdraw my consent to video visits" }).click();
    // The confirmation step: nothing is recorded yet.
    const confirm = page.getByRole("region", { name: "Withdraw your consent to video visits?" });
    await expect(confirm).toBeVisible();
    await expectFitsPhone(page);
    expect(
      await withDb(
        async (c) =>
          (
            await c.query(
              `SELECT count(*)::int AS n FROM "ConsentRecord" WHERE "patientId" = $1 AND "revokedAt" IS NOT NULL`,
              [p.patientId],
            )
          ).rows[0].n,
      ),
    ).toBe(0);
    await confirm.getByLabel(/Anything you want to tell us/).fill("I would rather come in");
    await confirm.getByRole("button", { name: "Yes, withdraw my consent to video visits" }).click();
    await expect(
      page.getByText(/You withdrew your consent to video visits\. Your care team can see this\./),
    ).toBeVisible();
    await expect(page.getByRole("region", { name: "Video visits" }).getByText("Video visits: Revoked")).toBeVisible();
    // A yes can be given again on the same page.
    await expect(
      page.getByRole("region", { name: "Video visits" }).getByRole("button", { name: "Sign" }),
    ).toBeVisible();

    const staff = await browser.newContext({ javaScriptEnabled: true });
    const s = await staff.newPage();
    await loginAs(s, "clinician");
    await s.goto(`/patients/${p.patientId}`);
    const chart = s.getByRole("region", { name: "Telehealth consent" });
    await expect(chart.getByText("Video: Revoked")).toBeVisible();
    await expect(chart.getByText(/Withdrawn by the patient in the portal .*: "I would rather come in"/)).toBeVisible();
    await staff.close();
  });
});

test("the withdrawal step is accessible (axe needs JavaScript)", async ({ page }) => {
  const p = await patientWithConsent();
  expect((await signInWithRequest(page.context().request, p.email, DEMO_PASSWORD)).status()).toBe(302);
  await page.goto("/me/consent");
  await page.getByRole("link", { name: "Withdraw my consent to video visits" }).click();
  await expect(page.getByRole("region", { name: "Withdraw your consent to video visits?" })).toBeVisible();
  await expectAccessible(page, "withdraw consent");
});
