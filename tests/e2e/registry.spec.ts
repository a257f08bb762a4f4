import { readFileSync } from "node:fs";
import { expect, expectAccessible, expectFitsPhone, loginAs, test } from "./fixtures";

/**
 * Issue 12 journeys on the LTOT registry (demo data: about 40 patients on LTOT with a year of
 * history). The coordinator opens the registry, filters "UDT due" with the form, exports the
 * CSV (its rows are the filtered rows), and opens a patient with a visit booked to prepare it (sends
 * the PEG, due before that visit). A clinician excludes a patient from the registry on the chart, with a reason, and
 * reverses it.
 */
test.describe.configure({ mode: "serial" });

test("coordinator filters UDT due, exports the CSV of those rows and prepares a visit", async ({ page }) => {
  await loginAs(page, "coordinator");
  await page.goto("/patients");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Registry" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "LTOT registry" })).toBeVisible();
  await expect(page.getByText(/\d+ patients on long-term opioid therapy as of/)).toBeVisible();
  await expectAccessible(page, "registry");

  // The GET form (works without JavaScript): Care gap = UDT due.
  await page.getByLabel("Care gap", { exact: true }).selectOption("udt-due");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]gap=udt-due/);
  const countLink = page
    .getByRole("navigation", { name: "Open care gaps" })
    .getByRole("link", { name: /Urine drug test due/ });
  await expect(countLink).toHaveAttribute("aria-current", "page");
  const expected = Number((await countLink.locator("span.font-semibold").first().innerText()).replace(/\D+/g, ""));
  expect(expected).toBeGreaterThan(0);
  const table = page.getByRole("table");
  await expect(table.locator("caption")).toContainText(`${expected} patient`);
  const shown = await table
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-patient-id")!));
  expect(shown.length).toBe(Math.min(expected, 50));
  for (const cell of await table.locator("tbody tr").all()) await expect(cell).toContainText("Urine drug test due");
  await expectAccessible(page, "registry filtered by UDT due");

  // CSV of the filtered rows.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Download CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^ltot-registry-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync((await download.path())!, "utf8")
    .trimEnd()
    .split("\r\n");
  expect(lines[0]).toMatch(/^patient_id,mrn,name,clinician,/);
  const ids = lines.slice(1).map((l) => l.split(",")[0]);
  expect(ids.length).toBe(expected);
  for (const id of shown) expect(ids).toContain(id);
  for (const l of lines.slice(1)) expect(l).toContain("udt-due");

  // At 360 px the table scrolls in its box, the page does not.
  await expectFitsPhone(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Open a patient with a visit booked and prepare it: the PEG for that visit.
  const withVisit = table
    .locator("tbody tr")
    .filter({ has: page.locator("td:nth-child(12)", { hasNotText: "None" }) })
    .first();
  const name = (await withVisit.locator("th a").innerText()).trim();
  await withVisit.locator("th a").click();
  await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
  const registry = page.getByRole("region", { name: "Registry" });
  await expect(registry.getByText("On long-term opioid therapy")).toBeVisible();
  await expect(registry.getByText("Only a clinician includes or excludes a patient.")).toBeVisible();
  await page.goto(`${new URL(page.url()).pathname}/forms`);
  const [family, given] = name.split(", ");
  await expect(page.getByRole("heading", { level: 1, name: `${given} ${family}` })).toBeVisible();
  await page.getByRole("combobox", { name: /^Form\b/ }).selectOption("PEG");
  // Due before the booked visit (a week or more ahead in the demo data): on its own, in 7 days.
  await page.getByLabel("Due (when not for a visit)").selectOption("7");
  await page.getByRole("button", { name: "Add form" }).click();
  await expect(page.getByText("Form added.")).toBeVisible();
});

test("clinician excludes a patient with a reason on the chart, then clears it", async ({ page }) => {
  await loginAs(page, "clinician");
  await page.goto("/registry?sort=name&dir=asc");
  const first = page.getByRole("table").locator("tbody tr").first();
  const id = await first.getAttribute("data-patient-id");
  await first.locator("th a").click();
  const registry = page.getByRole("region", { name: "Registry" });
  await registry.locator("summary", { hasText: "Exclude from the registry" }).click();
  // No reason: refused, explained beside the field.
  await registry.getByRole("button", { name: "Exclude from the registry" }).click();
  await expect(registry.getByText(/Reason: say why/).first()).toBeVisible();
  await registry.getByLabel("Reason").fill("Short course after surgery, ending this month");
  await registry.getByRole("button", { name: "Exclude from the registry" }).click();
  await expect(page.getByText("Excluded from the registry.")).toBeVisible();
  await expect(registry.getByText(/Excluded by a clinician on .*Short course after surgery/)).toBeVisible();
  await page.goto("/registry?sort=name&dir=asc");
  await expect(page.locator(`tbody tr[data-patient-id="${id}"]`)).toHaveCount(0);
  await page.goto(`/patients/${id}`);
  await registry.locator("summary", { hasText: "Clear the decision" }).click();
  await registry.getByRole("button", { name: "Clear the decision" }).click();
  await expect(page.getByText("Registry decision cleared: the medication rule applies.")).toBeVisible();
  await page.goto("/registry?sort=name&dir=asc");
  await expect(page.locator(`tbody tr[data-patient-id="${id}"]`)).toHaveCount(1);
});
