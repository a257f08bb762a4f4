import { expect, expectAccessible, expectFitsPhone, loginAs, test } from "./fixtures";

/**
 * Issue 12, part 6: a clinician opens the clinic's measures, reads the 12-month table and the
 * trend charts, follows a figure to the registry (only the URL is checked: the registry page is
 * built elsewhere), filters to one clinician, and downloads the CSV. Admins see the numbers
 * without registry links.
 */
test.describe("measures", () => {
  test("a clinician opens Measures, follows a figure to the registry and exports the CSV", async ({ page }) => {
    await loginAs(page, "clinician");
    await page.goto("/today");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Measures" }).click();
    await expect(page).toHaveURL(/\/measures$/);
    await expect(page.getByRole("heading", { level: 1, name: "Measures" })).toBeVisible();

    const table = page.getByRole("table", { name: /Whole clinic: patients counted/ });
    await expect(table).toBeVisible();
    // The measure column and 12 months.
    await expect(table.getByRole("columnheader")).toHaveCount(13);
    await expect(table.getByRole("rowheader", { name: "Patients on long-term opioid therapy" })).toBeVisible();
    await expect(table.getByRole("rowheader", { name: /With a urine drug test in the last 365 days/ })).toBeVisible();
    // One chart per measure, each an image with a name.
    const charts = page.getByRole("img", { name: /trend over 12 months/ });
    await expect(charts).toHaveCount(10);
    await expectAccessible(page, "/measures");

    // Follow the count of patients on LTOT in the last complete month (the next-to-last column).
    const ltotRow = table.getByRole("row", { name: /Patients on long-term opioid therapy/ });
    const link = ltotRow.getByRole("link", { name: /patients on LTOT, .*: open in the registry/ }).nth(10);
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/registry\?measure=on-ltot&month=\d{4}-\d{2}&set=numerator$/);
    // The registry page is built elsewhere: answer its URL with a stub, so only the URL is asserted.
    await page.route(/\/registry\?/, (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/html",
        body: "<!doctype html><title>Registry</title><p>Registry</p>",
      }),
    );
    await link.click();
    await page.waitForURL(/\/registry\?/);
    const url = new URL(page.url());
    expect(url.pathname).toBe("/registry");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      measure: "on-ltot",
      month: new URLSearchParams(href!.split("?")[1]).get("month"),
      set: "numerator",
    });

    // One clinician: the links carry the clinician, the charts add the clinic beside.
    await page.unrouteAll();
    await page.goto("/measures");
    await page.getByLabel("Clinician").selectOption({ label: "Dr. Jordan Lee" });
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/\/measures\?clinician=[0-9a-f-]{36}$/);
    await expect(page.getByRole("table", { name: /Dr\. Jordan Lee: patients counted/ })).toBeVisible();
    const clinicianId = new URL(page.url()).searchParams.get("clinician")!;
    const denominator = page.getByRole("link", { name: /in the measure, .*: open in the registry/ }).first();
    await expect(denominator).toHaveAttribute(
      "href",
      new RegExp(`^/registry\\?measure=[a-z0-9-]+&month=\\d{4}-\\d{2}&set=denominator&clinician=${clinicianId}$`),
    );

    // The CSV of the clinician's figures.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Download CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^measures-clinician-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await (
      await download.createReadStream()
    )
      .toArray()
      .then((chunks) => Buffer.concat(chunks).toString("utf8"));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("month,scope,measure_id,measure,numerator,denominator,percent,month_complete");
    expect(lines).toHaveLength(1 + 12 * 10);
    expect(lines[1]).toMatch(
      /^\d{4}-\d{2},Dr\. Jordan Lee,on-ltot,Patients on long-term opioid therapy,\d+,\d+,[\d.]*,yes$/,
    );
    expect(csv).not.toMatch(/MRN-/);

    await expectFitsPhone(page);
  });

  test("an admin sees the numbers without links into the registry", async ({ page }) => {
    await loginAs(page, "admin");
    await page.goto("/measures");
    await expect(page.getByRole("table", { name: /Whole clinic: patients counted/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /trend over 12 months/ })).toHaveCount(10);
    await expect(page.locator('a[href^="/registry"]')).toHaveCount(0);
  });
});
