import type { Page } from "@playwright/test";
import { expect, expectAccessible, expectFitsPhone, loginAs, test } from "./fixtures";

/**
 * Issue 6 journeys. One serial story on Thomas Clark (no seeded orders): the clinician orders,
 * the coordinator instructs and records collection, an unexpected screening result prompts
 * confirmation, the clinician reviews and documents the discussion. Robert Johnson's seeded
 * order has a window that already ended: the first read escalates it.
 */
test.describe.configure({ mode: "serial" });

let orderUrl = "";

async function openChart(page: Page, name: string, q: string) {
  await page.goto(`/patients?q=${encodeURIComponent(q)}`);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("clinician sees medications with MME and orders a remote urine drug test", async ({ page }) => {
  await loginAs(page, "clinician");
  await openChart(page, "Thomas Clark", "Clark");
  const meds = page.getByRole("region", { name: "Medications" });
  await expect(meds.getByText("30 MME/day").first()).toBeVisible();
  await expect(meds.getByText("factor 1.5: 5 mg × 4/day × 1.5")).toBeVisible();
  await expect(page.getByTestId("udt-last-test")).toContainText("None on record");
  await expectAccessible(page, "patient chart with medications and drug tests");
  await page.getByRole("link", { name: "Order urine drug test" }).click();
  await expectAccessible(page, "order form");
  // Safety concern without details: refused, nothing ordered.
  await page.getByLabel("Patient-safety concern").check();
  await page.getByRole("button", { name: "Order test" }).click();
  await expect(page.getByText("Describe the patient-safety concern")).toBeVisible();
  await page.getByLabel("No test in the past 12 months").check();
  await page.getByLabel("Collection method").selectOption("LAB_PSC");
  await page.getByRole("button", { name: "Order test" }).click();
  await expect(page.getByText("Saved: Ordered.")).toBeVisible();
  await expect(page.getByText("Instruct patient").first()).toBeVisible();
  orderUrl = new URL(page.url()).pathname;
  expect(orderUrl).toMatch(/^\/patients\/[0-9a-f-]{36}\/udt\/[0-9a-f-]{36}$/);
});

test("coordinator records the instructions and the collection", async ({ page }) => {
  await loginAs(page, "coordinator");
  await page.goto("/udt");
  await expectAccessible(page, "coordinator queue");
  const row = page.getByRole("row").filter({ hasText: "Thomas Clark" }).filter({ hasText: "Instruct patient" });
  await expect(row).toBeVisible();
  await page.goto(orderUrl);
  await page.getByLabel("How the patient was told").selectOption("PHONE");
  await expect(page.getByLabel("What the patient was told")).toHaveValue(/lab near you/);
  await page.getByRole("button", { name: "Save: patient instructed" }).click();
  await expect(page.getByText("Saved: Patient instructed.")).toBeVisible();
  await page.getByRole("button", { name: "Sample collected" }).click();
  await expect(page.getByText("Saved: Sample collected.")).toBeVisible();
  await expectAccessible(page, "order page, result entry");
});

test("an unexpected substance prompts confirmation; an unknown one is refused by name", async ({ page }) => {
  await loginAs(page, "coordinator");
  await page.goto(orderUrl);
  const groups = page.getByRole("group");
  const names = await page.locator("fieldset legend").allInnerTexts();
  for (const n of names) {
    const choice = n === "Oxycodone" || n.startsWith("Cocaine") ? "Detected" : "Not detected";
    await groups
      .filter({ has: page.locator("legend", { hasText: new RegExp(`^${n.replace(/[()]/g, "\\$&")}$`) }) })
      .getByLabel(choice, { exact: true })
      .check();
  }
  await page.getByLabel(/Other substances detected/).fill("Kratom");
  await page.getByRole("button", { name: "Save result" }).click();
  await expect(page.getByText('Unknown substance "Kratom": it is not in the substance catalog').first()).toBeVisible();
  await expect(page.getByText("Enter the screening result")).toBeVisible();
  await page.getByLabel(/Other substances detected/).fill("");
  await page.getByRole("button", { name: "Save result" }).click();
  await expect(page.getByText("Saved: Screening result entered.")).toBeVisible();
  await expect(page.getByText("Unexpected screening result. Screening tests are presumptive")).toBeVisible();
  await expect(
    page.getByText("Unexpected presence: Cocaine (benzoylecgonine) detected but not on the medication list"),
  ).toBeVisible();
  await page.getByLabel("Method").selectOption("LC_MS");
  await page.getByRole("button", { name: "Order confirmatory test" }).click();
  await expect(page.getByText("Saved: Confirmatory test ordered.")).toBeVisible();
  await page.getByRole("group", { name: "Cocaine (benzoylecgonine)" }).getByLabel("Detected", { exact: true }).check();
  await page.getByRole("button", { name: "Save confirmatory result" }).click();
  await expect(page.getByText("Saved: Confirmatory result entered.")).toBeVisible();
  await expect(page.getByText("The next step is for a clinician.")).toBeVisible();
});

test("clinician reviews and documents the discussion, with the guidance shown", async ({ page }) => {
  await loginAs(page, "clinician");
  await page.goto("/udt");
  await expect(
    page.getByRole("row").filter({ hasText: "Thomas Clark" }).filter({ hasText: "Review result" }),
  ).toBeVisible();
  await page.goto(orderUrl);
  await page.getByLabel("Review note").fill("LC-MS confirms cocaine. Discuss by video this week.");
  await page.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(page.getByText("Saved: Reviewed by clinician.")).toBeVisible();
  await expect(page.getByText("Do not dismiss a patient from care because of a urine drug test result.")).toBeVisible();
  await expect(
    page.getByText(/offer or arrange evidence-based medication treatment \(CDC 2022, Recommendation 12\)/),
  ).toBeVisible();
  await expectAccessible(page, "discussion form");
  await page
    .getByLabel("What was discussed with the patient")
    .fill("Discussed the confirmed result without judgement; patient described occasional use.");
  await page
    .getByLabel("Plan")
    .fill("Continue care; offered referral for substance use treatment; follow-up in 2 weeks.");
  await page.getByRole("button", { name: "Save discussion" }).click();
  await expect(page.getByText("Saved: Discussed with patient.")).toBeVisible();
  const timeline = page.getByRole("list", { name: "Order timeline" });
  for (const step of [
    "Ordered",
    "Patient instructed",
    "Sample collected",
    "Screening result entered",
    "Interpreted: unexpected - confirmation needed",
    "Confirmatory test ordered",
    "Confirmatory result entered",
    "Reviewed by clinician",
    "Discussed with patient",
  ]) {
    await expect(timeline.getByText(step, { exact: true })).toBeVisible();
  }
});

test("a second order misses its window and shows as escalated", async ({ page }) => {
  await loginAs(page, "coordinator");
  await page.goto("/udt");
  const row = page.getByRole("row").filter({ hasText: "Robert Johnson" });
  await expect(row.getByText("Escalated", { exact: true })).toBeVisible();
  await expect(row.getByText("Follow up missed collection")).toBeVisible();
  // Overdue and escalated rows come first.
  await expect(page.getByRole("row").nth(1)).toHaveAttribute("data-overdue", "true");
  await row.getByRole("link", { name: /Open order/ }).click();
  const timeline = page.getByRole("list", { name: "Order timeline" });
  await expect(timeline.getByText("Collection window missed - escalated to care coordinator")).toHaveCount(1);
  await expect(timeline.getByText(/System \(automatic\)/)).toBeVisible();
  await expectAccessible(page, "escalated order");
});

test("the patient sees where to go and by when, in plain words", async ({ page }) => {
  await loginAs(page, "patient");
  await page.goto("/me");
  await expect(page.getByText(/Urine drug test: please do it by/).first()).toBeVisible();
  await expect(page.getByText(/Please go to a lab near you by/).first()).toBeVisible();
  await expect(page.getByText("UDT")).toHaveCount(0);
  await page.getByRole("link", { name: "See all your urine drug tests" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your urine drug tests" })).toBeVisible();
  await expectAccessible(page, "patient tests");
  await expectFitsPhone(page);
});

test("staff drug-test pages are closed to a patient", async ({ page }) => {
  await loginAs(page, "patient");
  for (const path of ["/udt", orderUrl || "/udt"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
  }
});

test("one click from the coordinator queue takes a step", async ({ page }) => {
  await loginAs(page, "coordinator");
  await page.goto("/udt");
  const row = page.getByRole("row").filter({ hasText: "Carlos Hernandez" });
  await row.getByRole("button", { name: /Instructed by phone/ }).click();
  await expect(page.getByText("Saved: Patient instructed.")).toBeVisible();
  await expect(
    page.getByRole("row").filter({ hasText: "Carlos Hernandez" }).getByText("Confirm collection"),
  ).toBeVisible();
});

test("two clinicians on one order: the second is told it changed and nothing is saved", async ({ browser }) => {
  test.setTimeout(300_000); // a bound for a loaded machine
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  await loginAs(a, "clinician");
  await loginAs(b, "clinician2");
  await a.goto("/udt");
  const href = await a
    .getByRole("row")
    .filter({ hasText: "Linda Nguyen" })
    .getByRole("link", { name: /Open order/ })
    .getAttribute("href");
  expect(href).toMatch(/^\/patients\/[0-9a-f-]{36}\/udt\/[0-9a-f-]{36}$/);
  await a.goto(href!);
  await b.goto(href!);
  await a.getByLabel("Review note").fill("Expected findings.");
  await b.getByLabel("Review note").fill("Second opinion.");
  await a.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(a.getByText("Saved: Reviewed by clinician.")).toBeVisible();
  await b.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(b.getByText("This order changed - reload the page to see the latest step.")).toBeVisible();
  await b.reload();
  await expect(b.getByText("Expected findings.")).toBeVisible();
  await expect(b.getByText("Second opinion.")).toHaveCount(0);
  await ctxA.close();
  await ctxB.close();
});

test("admin sets the clinic's drug test defaults; bad values are refused by field", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto("/admin/udt-settings");
  await expectAccessible(page, "udt settings");
  await page.getByLabel("Collection window for new orders (hours)").fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("At least 1 hour")).toBeVisible();
  // Saved with the defaults so parallel journeys keep the 24 h window.
  await page.getByLabel("Collection window for new orders (hours)").fill("24");
  await page.getByLabel(/Flag charts when the last test is older than/).fill("365");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
});
