import { expect, expectAccessible, loginAs, test } from "./fixtures";

test.describe("a patient stays inside their own record", () => {
  test("staff pages are forbidden to a patient", async ({ page }) => {
    await loginAs(page, "patient");
    for (const path of ["/patients", "/patients/new", "/today", "/admin/users", "/admin/audit"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    }
    await expectAccessible(page, "forbidden page");
  });

  test("changing the id in the URL shows nothing of another patient", async ({ browser }) => {
    // Find James Walker's id as staff, then try it as Maria (patient A) in another context.
    const staff = await browser.newContext();
    const s = await staff.newPage();
    await loginAs(s, "coordinator");
    await s.goto("/patients?q=Walker");
    const href = await s.getByRole("link", { name: "James Walker" }).getAttribute("href");
    expect(href).toMatch(/^\/patients\/[0-9a-f-]{36}$/);
    await staff.close();

    const maria = await browser.newContext();
    const m = await maria.newPage();
    await loginAs(m, "patient");
    const res = await m.goto(href!);
    expect(res?.status()).toBe(403);
    await expect(m.getByText("James")).toHaveCount(0);
    await expect(m.getByText("MRN-100002")).toHaveCount(0);
    await m.goto("/me");
    await expect(m.getByRole("heading", { name: "Hello, Maria" })).toBeVisible();
    await expect(m.getByText("Walker")).toHaveCount(0);
    await maria.close();
  });

  test("the second patient sees only their own home", async ({ page }) => {
    await loginAs(page, "patient2");
    await page.goto("/me");
    await expect(page.getByRole("heading", { name: "Hello, James" })).toBeVisible();
    await expect(page.getByText("Garcia")).toHaveCount(0);
  });
});

test.describe("navigation shows only what a role may use", () => {
  const cases = [
    ["clinician", ["Today", "Patients"], ["Users", "Audit log", "My care"]],
    ["coordinator", ["Patients"], ["Today", "Users", "Audit log", "My care"]],
    ["admin", ["Users", "Audit log"], ["Today", "Patients", "My care"]],
    ["patient", ["My care"], ["Today", "Patients", "Users", "Audit log"]],
  ] as const;
  for (const [role, shown, hidden] of cases) {
    test(role, async ({ page }) => {
      await loginAs(page, role);
      await page.goto("/account");
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const n of shown) await expect(nav.getByRole("link", { name: n, exact: true })).toBeVisible();
      for (const n of hidden) await expect(nav.getByRole("link", { name: n, exact: true })).toHaveCount(0);
    });
  }
});
