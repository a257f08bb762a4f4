import { expect, expectAccessible, expectFitsPhone, loginAs, test } from "./fixtures";

/**
 * Issue 5 journeys (care plan and consent): the clinician records verbal consent, recommends
 * Headspace and a physical therapy referral; the patient sees both, answers the follow-up
 * question, signs electronic consent on a phone; the coordinator's work list updates.
 */
test.describe.configure({ mode: "serial" });

async function openChart(page: import("@playwright/test").Page, name: string) {
  await page.goto(`/patients?q=${encodeURIComponent(name.split(" ")[1]!)}`);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("clinician: verbal consent, PT referral and Headspace for a patient; the patient answers; the queue updates", async ({
  browser,
}, testInfo) => {
  // On a CI retry the first attempt's consent and referral are already in the shared database:
  // a per-attempt program name keeps the referral unique, and consent is only recorded once.
  const program = `Back strength program ${testInfo.retry + 1}`;
  const clinicianCtx = await browser.newContext();
  const c = await clinicianCtx.newPage();
  await loginAs(c, "clinician");
  await openChart(c, "James Walker");
  const consent = c.getByRole("region", { name: "Telehealth consent" });
  if (testInfo.retry > 0 && (await consent.getByText("Telephone: On file").isVisible())) {
    // recorded by the failed first attempt
  } else {
    await expect(consent.getByText("Telephone: Missing")).toBeVisible();
    await consent.locator("summary", { hasText: "Record verbal consent" }).click();
    await consent.getByLabel("Consent to").selectOption("PHONE");
    // Another test may have published a newer version: pick whichever telephone text is current.
    const phoneText = await consent
      .getByLabel("Text that was read")
      .locator("option", { hasText: "Telephone consent" })
      .textContent();
    await consent.getByLabel("Text that was read").selectOption({ label: phoneText! });
    await consent.getByRole("button", { name: "Record verbal consent" }).click();
    await expect(consent.getByText("Verbal consent recorded.")).toBeVisible();
  }
  await expect(consent.getByText("Telephone: On file")).toBeVisible();

  const plan = c.getByRole("region", { name: "Non-opioid care plan" });
  await plan.locator("summary", { hasText: "New referral" }).click();
  await plan.getByRole("button", { name: "Add referral" }).click();
  await expect(plan.getByText("Choose the kind of referral")).toBeVisible();
  await plan.getByLabel("Referral to").selectOption("PHYSICAL_THERAPY");
  await plan.getByLabel("Program or provider (required for Other)").fill(program);
  await plan.getByRole("button", { name: "Add referral" }).click();
  await expect(plan.getByText("Referral recorded.")).toBeVisible();
  await plan.locator("summary", { hasText: "Recommend a resource" }).click();
  await plan.getByLabel("Self-management resource").selectOption({ label: "Headspace" });
  await plan.getByRole("button", { name: "Recommend" }).click();
  await expect(plan.getByText("Recommended. The patient sees it in their portal.")).toBeVisible();
  await expectAccessible(c, "chart with care plan");
  await clinicianCtx.close();

  const coordCtx = await browser.newContext();
  const q = await coordCtx.newPage();
  await loginAs(q, "coordinator");
  await q.goto("/work/referrals");
  const item = q.getByRole("listitem").filter({ hasText: "James Walker" }).filter({ hasText: program });
  await expect(item).toBeVisible();
  await expectAccessible(q, "referral queue");
  await item.getByLabel("Move to").selectOption("SCHEDULED");
  await item.getByRole("button", { name: "Update" }).click();
  // Scheduled referrals leave the queue at once (the list re-renders from the server).
  await expect(q.getByRole("listitem").filter({ hasText: program })).toHaveCount(0);
  await q.reload();
  await expect(q.getByRole("listitem").filter({ hasText: program })).toHaveCount(0);
  await coordCtx.close();

  const patientCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const p = await patientCtx.newPage();
  await loginAs(p, "patient2");
  await p.goto("/me");
  await p.getByRole("link", { name: /My care plan/ }).click();
  const referral = p.getByRole("listitem").filter({ hasText: `Physical therapy: ${program}` });
  await expect(referral).toBeVisible();
  await expect(referral.getByText("Your first visit is set up.")).toBeVisible();
  const hs = p.getByRole("listitem").filter({ hasText: "Headspace" });
  await expect(hs.getByRole("link", { name: /Open Headspace/ })).toBeVisible();
  await hs.getByText("Yes, I tried it").click();
  await hs.getByRole("button", { name: "Send my answer" }).click();
  await expect(hs.getByText("Tell us if it helped")).toBeVisible();
  await hs.getByText("A little").click();
  await hs.getByRole("button", { name: "Send my answer" }).click();
  await expect(hs.getByText("Thank you. Your care team will see your answer")).toBeVisible();
  await expectFitsPhone(p);
  await expectAccessible(p, "patient care plan");
  await patientCtx.close();

  const back = await browser.newContext();
  const b = await back.newPage();
  await loginAs(b, "clinician");
  await openChart(b, "James Walker");
  await expect(
    b.getByRole("region", { name: "Non-opioid care plan" }).getByText("tried it - it helped a little"),
  ).toBeVisible();
  await back.close();
});

test.describe("patient electronic consent without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  test("signs video consent on a phone", async ({ page }) => {
    await loginAs(page, "patient");
    await page.goto("/me/consent");
    const video = page.getByRole("region", { name: "Video visits" });
    await video.getByRole("button", { name: "Sign" }).click();
    await expect(page.getByText("Check the box to agree")).toBeVisible();
    await page.getByRole("region", { name: "Video visits" }).getByLabel("I agree to video visits").check();
    await page
      .getByRole("region", { name: "Video visits" })
      .getByLabel("Type your full name to sign")
      .fill("Maria Garcia");
    await page.getByRole("region", { name: "Video visits" }).getByRole("button", { name: "Sign" }).click();
    await expect(
      page.getByRole("region", { name: "Video visits" }).getByText("You already said yes. Thank you."),
    ).toBeVisible();
    await page.goto("/me/consent");
    await expect(page.getByText("Video visits: On file")).toBeVisible();
  });
});

test("the consent page is accessible (axe needs JavaScript, so it runs here)", async ({ page }) => {
  await loginAs(page, "patient2");
  await page.goto("/me/consent");
  await expect(page.getByRole("region", { name: "Phone visits" })).toBeVisible();
  await expectAccessible(page, "patient consent");
});

test("admin sees the handout's resources and can publish a new consent version", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto("/admin/resources");
  for (const n of [
    "PTSD Coach",
    "Breathe2Relax",
    "Headspace",
    "Stop Breathe Think",
    "The Three Minute Breathing Space",
  ])
    await expect(page.getByText(n, { exact: true })).toBeVisible();
  await expectAccessible(page, "resources");
  await page.goto("/admin/consent-texts");
  await expectAccessible(page, "consent texts");
  await page.getByLabel("For").selectOption("PHONE");
  await page.getByLabel("Title").fill("Consent for telephone visits (2027)");
  await page.getByLabel("Consent text (plain language)").fill("Short");
  await page.getByRole("button", { name: "Publish new version" }).click();
  await expect(page.getByText("The consent text is too short")).toBeVisible();
  await page
    .getByLabel("Consent text (plain language)")
    .fill("We would like to talk with you by phone. You can say no at any time and still get care.");
  await page.getByRole("button", { name: "Publish new version" }).click();
  await expect(page.getByText("Version 2 published.")).toBeVisible();
});
