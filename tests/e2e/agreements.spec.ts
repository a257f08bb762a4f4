import { randomUUID } from "node:crypto";
import { agreementRenewalDate } from "../../src/modules/consent/core/agreement-rules";
import { formatDateOnly } from "../../src/modules/patients/core/format";
import {
  demoAccounts,
  DEMO_PASSWORD,
  expect,
  expectAccessible,
  expectFitsPhone,
  loginAs,
  signInWithRequest,
  test,
} from "./fixtures";
import { withDb } from "./video-data";

/**
 * Issue 12 part 4: the patient signs the opioid treatment agreement from the portal with
 * JavaScript off, and from a secure link with JavaScript off; the chart shows it signed with the
 * renewal date. Each run makes its own patient (portal account, no agreement on file).
 */
const TZ = "America/Los_Angeles"; // the e2e server's CLINIC_TIME_ZONE (the default)
const DOB = { month: "4", day: "2", year: "1968" };

async function newPatient(language = "en"): Promise<{ patientId: string; email: string; name: string }> {
  const tag = randomUUID().slice(0, 8);
  return withDb(async (c) => {
    const hash = (
      await c.query<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE email = $1`, [
        demoAccounts.clinician.email,
      ])
    ).rows[0]!.passwordHash;
    const patientId = randomUUID();
    const name = `Alma${tag.slice(0, 4)} Agree${tag.slice(4)}`;
    await c.query(
      `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", phone, "timeZone", "stateOfResidence", "preferredLanguage", "updatedAt")
       VALUES ($1, $2, $3, $4, '1968-04-02', '+12065550178', 'America/Los_Angeles', 'WA', $5, now())`,
      [patientId, `AGR-${tag}`, ...name.split(" "), language],
    );
    const email = `alma.${tag}@test.patient`;
    await c.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "patientId", "updatedAt") VALUES ($1, $2, $3, $4, 'PATIENT', $5, now())`,
      [randomUUID(), email, name, hash, patientId],
    );
    return { patientId, email, name };
  });
}

/** The agreement on file: its renewal date must be the clinic's signing date plus the clinic's interval. */
async function signedRow(patientId: string) {
  return withDb(async (c) => {
    const row = (
      await c.query<{ capturedAt: Date; method: string; typedName: string }>(
        `SELECT "capturedAt", method::text AS method, "typedName" FROM "ConsentRecord" WHERE "patientId" = $1 AND kind::text = 'OPIOID_AGREEMENT'`,
        [patientId],
      )
    ).rows;
    const months = (
      await c.query<{ m: string | null }>(
        `SELECT "values"->>'agreementRenewalMonths' AS m FROM "CareProgramSetting" WHERE id = 1`,
      )
    ).rows[0]?.m;
    return {
      rows: row,
      renewBy: row[0]
        ? formatDateOnly(agreementRenewalDate(row[0].capturedAt, months ? Number(months) : 12, TZ))
        : null,
    };
  });
}

async function expectChartSigned(
  browser: import("@playwright/test").Browser,
  patientId: string,
  renewBy: string,
  how: RegExp,
) {
  const staff = await browser.newContext();
  const s = await staff.newPage();
  await loginAs(s, "coordinator");
  await s.goto(`/patients/${patientId}#agreement`);
  const section = s.getByRole("region", { name: "Opioid treatment agreement" });
  await expect(section.getByText("Agreement: Signed")).toBeVisible();
  await expect(
    section.getByText(new RegExp(`^Signed on .*\\. Renew by ${renewBy.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.$`)),
  ).toBeVisible();
  await expect(section.getByText(how).first()).toBeVisible();
  await staff.close();
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });

  test("the patient signs the agreement in the portal; the chart shows it signed with the renewal date", async ({
    page,
    browser,
  }) => {
    const p = await newPatient();
    expect((await signInWithRequest(page.context().request, p.email, DEMO_PASSWORD)).status()).toBe(302);
    await page.goto("/me");
    await page.getByRole("link", { name: "My treatment agreement" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your treatment agreement" })).toBeVisible();
    await expect(page.getByText("Agreement: None on file")).toBeVisible();
    await expectFitsPhone(page);
    const sign = page.getByRole("region", { name: "Read and sign" });
    // Signing without ticking the box or typing a name says what to do, and writes nothing.
    await sign.getByRole("button", { name: "Sign the agreement" }).click();
    await expect(page.getByText("Check the box to agree")).toBeVisible();
    await expect(page.getByLabel(/Type your full name to sign/)).toHaveAttribute("aria-invalid", "true");
    expect((await signedRow(p.patientId)).rows).toEqual([]);
    await page.getByLabel("I have read this agreement and I agree to it").check();
    await page.getByLabel(/Type your full name to sign/).fill(p.name);
    await page.getByRole("button", { name: "Sign the agreement" }).click();
    await expect(page.getByText(/Thank you\. Your agreement is signed\./)).toBeVisible();
    await expect(page.getByText("Agreement: Signed")).toBeVisible();
    const { rows, renewBy } = await signedRow(p.patientId);
    expect(rows).toEqual([{ capturedAt: expect.any(Date), method: "ELECTRONIC", typedName: p.name }]);
    await expect(page.getByText(`Please renew it by ${renewBy}.`)).toBeVisible();
    await expectChartSigned(
      browser,
      p.patientId,
      renewBy!,
      new RegExp(`Signed electronically, typed name "${p.name}"`),
    );
  });

  test("the patient signs from the secure link the coordinator sends", async ({ page, browser }) => {
    const p = await newPatient();
    const staff = await browser.newContext({ javaScriptEnabled: true });
    const s = await staff.newPage();
    await loginAs(s, "coordinator");
    await s.goto(`/patients/${p.patientId}`);
    const section = s.getByRole("region", { name: "Opioid treatment agreement" });
    await section.locator("summary", { hasText: "Send the patient a link to sign" }).click();
    await section.getByRole("button", { name: "Create a link to sign" }).click();
    const link = await section.getByLabel("Secure link to sign (shown only now)").inputValue();
    await staff.close();

    await page.goto(new URL(link).pathname);
    await expect(page.getByRole("heading", { name: "Your treatment agreement" })).toBeVisible();
    await page.getByLabel("Month").fill(DOB.month);
    await page.getByLabel("Day").fill(DOB.day);
    await page.getByLabel("Year").fill(DOB.year);
    await page.getByRole("button", { name: "Open my agreement" }).click();
    await expect(page).toHaveURL(/\/a\/agreement$/);
    await page.getByLabel("I have read this agreement and I agree to it").check();
    await page.getByLabel(/Type your full name to sign/).fill(p.name);
    await page.getByRole("button", { name: "Sign the agreement" }).click();
    await expect(page.getByText(/Thank you\. Your agreement is signed\./)).toBeVisible();
    await expectFitsPhone(page);
    // The link has done its work.
    await page.context().clearCookies();
    await page.goto(new URL(link).pathname);
    await page.getByLabel("Month").fill(DOB.month);
    await page.getByLabel("Day").fill(DOB.day);
    await page.getByLabel("Year").fill(DOB.year);
    await page.getByRole("button", { name: "Open my agreement" }).click();
    await expect(page.getByRole("heading", { name: "Your agreement is already signed" })).toBeVisible();
    const { renewBy } = await signedRow(p.patientId);
    await expectChartSigned(
      browser,
      p.patientId,
      renewBy!,
      new RegExp(`Signed electronically, typed name "${p.name}"`),
    );
  });
});

test("the agreement pages are accessible (axe needs JavaScript)", async ({ page, browser }) => {
  const p = await newPatient();
  expect((await signInWithRequest(page.context().request, p.email, DEMO_PASSWORD)).status()).toBe(302);
  await page.goto("/me/agreement");
  await expect(page.getByRole("region", { name: "Read and sign" })).toBeVisible();
  await expectAccessible(page, "my agreement: sign");
  await page.getByLabel("I have read this agreement and I agree to it").check();
  await page.getByLabel(/Type your full name to sign/).fill(p.name);
  await page.getByRole("button", { name: "Sign the agreement" }).click();
  await expect(page.getByText(/Thank you\. Your agreement is signed\./)).toBeVisible();
  await expectAccessible(page, "my agreement: signed");
  await page.getByRole("link", { name: "Revoke my agreement" }).click();
  await expect(page.getByRole("region", { name: "Revoke your treatment agreement?" })).toBeVisible();
  await expectAccessible(page, "my agreement: revoke step");

  // The chart section and the link page.
  const staff = await browser.newContext();
  const s = await staff.newPage();
  await loginAs(s, "clinician");
  const other = await newPatient();
  await s.goto(`/patients/${other.patientId}`);
  const section = s.getByRole("region", { name: "Opioid treatment agreement" });
  await expect(section.getByText("Agreement: None on file")).toBeVisible();
  await section.locator("summary", { hasText: "Record a paper or verbal agreement" }).click();
  await section.locator("summary", { hasText: "Send the patient a link to sign" }).click();
  await section.getByRole("button", { name: "Create a link to sign" }).click();
  const link = await section.getByLabel("Secure link to sign (shown only now)").inputValue();
  await expectAccessible(s, "chart: agreement section");
  await staff.close();
  const patientCtx = await browser.newContext();
  const lp = await patientCtx.newPage();
  await lp.goto(new URL(link).pathname);
  await expectAccessible(lp, "agreement link: landing");
  await lp.getByLabel("Month").fill(DOB.month);
  await lp.getByLabel("Day").fill(DOB.day);
  await lp.getByLabel("Year").fill(DOB.year);
  await lp.getByRole("button", { name: "Open my agreement" }).click();
  await expect(lp.getByRole("region", { name: "Read and sign" })).toBeVisible();
  await expectAccessible(lp, "agreement link: sign");
  await patientCtx.close();
});

test("in Spanish from a secure link, with JavaScript off: the landing page and the agreement (axe on each)", async ({
  browser,
}) => {
  const p = await newPatient("es");
  const staff = await browser.newContext();
  const s = await staff.newPage();
  await loginAs(s, "clinician");
  await s.goto(`/patients/${p.patientId}`);
  const section = s.getByRole("region", { name: "Opioid treatment agreement" });
  await section.locator("summary", { hasText: "Send the patient a link to sign" }).click();
  await section.getByRole("button", { name: "Create a link to sign" }).click();
  const link = new URL(await section.getByLabel("Secure link to sign (shown only now)").inputValue()).pathname;
  await staff.close();

  const noJs = await browser.newContext({ javaScriptEnabled: false, locale: "es-US" });
  const page = await noJs.newPage();
  await page.goto(`${link}?lang=es`);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByRole("heading", { name: "Su acuerdo de tratamiento" })).toBeVisible();
  await page.getByLabel("Mes").fill("13");
  await page.getByLabel("Día").fill(DOB.day);
  await page.getByLabel("Año").fill(DOB.year);
  await page.getByRole("button", { name: "Abrir mi acuerdo" }).click();
  await expect(page.getByRole("alert")).toContainText("Escriba el mes con un número del 1 al 12");
  await page.getByLabel("Mes").fill(DOB.month);
  await page.getByRole("button", { name: "Abrir mi acuerdo" }).click();
  await expect(page).toHaveURL(/\/a\/agreement$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByText("Este acuerdo está en inglés")).toBeVisible();
  await page.getByRole("button", { name: "Firmar el acuerdo" }).click();
  await expect(
    page.getByText("Marque la casilla para decir que está de acuerdo", { exact: false }).first(),
  ).toBeVisible();
  await page.getByLabel("Leí este acuerdo y estoy de acuerdo").check();
  await page.getByLabel("Escriba su nombre completo para firmar").fill(p.name);
  await page.getByRole("button", { name: "Firmar el acuerdo" }).click();
  await expect(page.getByText(/Gracias\. Su acuerdo está firmado\./)).toBeVisible();
  await expectFitsPhone(page);

  // axe runs as a script: the same pages in browsers with JavaScript (a GET of the landing page
  // changes nothing; the signed page with the link session's cookie carried over).
  const fresh = await browser.newContext();
  const landing = await fresh.newPage();
  await landing.goto(`${link}?lang=es`);
  await expect(landing.locator("html")).toHaveAttribute("lang", "es");
  await expect(landing.getByRole("button", { name: "Abrir mi acuerdo" })).toBeVisible();
  await expectAccessible(landing, "agreement link landing (es)");
  await fresh.close();
  const withJs = await browser.newContext({ storageState: await noJs.storageState() });
  const axe = await withJs.newPage();
  await axe.goto("/a/agreement?signed=1");
  await expect(axe.locator("html")).toHaveAttribute("lang", "es");
  await expect(axe.getByText(/Gracias\. Su acuerdo está firmado\./)).toBeVisible();
  await expectAccessible(axe, "agreement link signed (es)");
  await noJs.close();
  await withJs.close();
});
