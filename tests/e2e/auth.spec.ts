import {
  contextFromIp,
  DEMO_PASSWORD,
  demoAccounts,
  expect,
  expectAccessible,
  instanceA,
  instanceB,
  loginAs,
  signInWithRequest,
  test,
  type DemoRole,
} from "./fixtures";

const homes: [DemoRole, string, string][] = [
  ["clinician", "/today", "Today"],
  ["coordinator", "/patients", "Patients"],
  ["admin", "/admin/users", "Users"],
  ["patient", "/me", "Hello, Maria"],
];

test.describe("sign in", () => {
  test("the sign-in page is accessible", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expectAccessible(page);
  });

  for (const [role, home, heading] of homes) {
    test(`${role} signs in with the form and lands on their home`, async ({ browser }) => {
      const context = await contextFromIp(browser, `10.20.0.${homes.findIndex((h) => h[0] === role) + 1}`);
      const page = await context.newPage();
      await page.goto("/");
      await expect(page).toHaveURL(/\/login/);
      await page.getByLabel("Email").fill(demoAccounts[role].email);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(new RegExp(`${home}$`));
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expectAccessible(page, `${role} home`);
      await context.close();
    });
  }

  test("a wrong password gets a clear message and no session", async ({ browser }) => {
    const context = await contextFromIp(browser, "10.21.0.1");
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(demoAccounts.clinician.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login\?.*error=CredentialsSignin/);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("do not match an active account");
    await page.goto("/today");
    await expect(page).toHaveURL(/\/login/);
    await expectAccessible(page, "login with error");
    await context.close();
  });

  test("the 11th failed attempt in a minute is refused, counted across two app instances", async ({ playwright }) => {
    const ip = "10.22.0.9";
    const req = await playwright.request.newContext({ extraHTTPHeaders: { "x-forwarded-for": ip } });
    for (let i = 0; i < 10; i++) {
      const base = i % 2 === 0 ? instanceA : instanceB;
      const res = await signInWithRequest(req, `nobody-${i}@demo.clinic`, "wrong-password", base);
      expect(res.headers()["location"]).toContain("error=CredentialsSignin");
    }
    // Right credentials, 11th attempt from the same IP: refused by the shared (Postgres) limit.
    const blocked = await signInWithRequest(req, demoAccounts.coordinator.email, DEMO_PASSWORD, instanceA);
    expect(blocked.headers()["location"]).toContain("error=RateLimited");
    // The same account from another IP is fine.
    const other = await playwright.request.newContext({ extraHTTPHeaders: { "x-forwarded-for": "10.22.0.10" } });
    const ok = await signInWithRequest(other, demoAccounts.coordinator.email, DEMO_PASSWORD, instanceB);
    expect(ok.headers()["location"]).not.toContain("error=");
    await req.dispose();
    await other.dispose();
  });

  test("the locked-out message tells the person what to do", async ({ page }) => {
    await page.goto("/login?error=RateLimited");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("wait one minute");
  });
});

test.describe("sessions", () => {
  test("signing out ends the session: a replayed cookie no longer works", async ({ page, context }) => {
    await loginAs(page, "coordinator");
    await page.goto("/patients");
    const cookies = await context.cookies();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login\?signedOut=1/);
    await context.addCookies(cookies);
    await page.goto("/patients");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a session started on one instance works on the other", async ({ page }) => {
    await loginAs(page, "clinician");
    await page.goto(`${instanceB}/today`);
    await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  });

  test("security headers on every page", async ({ request }) => {
    const res = await request.get("/login");
    const h = res.headers();
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(h["content-security-policy"]).toContain("object-src 'none'");
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).toContain("base-uri 'self'");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("no-referrer");
    expect(h["strict-transport-security"]).toContain("max-age=");
    expect(h["cache-control"]).toContain("no-store");
    const other = await request.get("/login");
    expect(other.headers()["content-security-policy"]).not.toBe(h["content-security-policy"]);
  });

  test("static files from public/: the app icon (linked from every page) and a robots.txt that keeps search engines out", async ({
    page,
    request,
  }) => {
    const icon = await request.get("/icons/icon.svg");
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toContain("image/svg+xml");
    const robots = await request.get("/robots.txt");
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/$/m);
    await page.goto("/login");
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /\/icons\/icon\.svg/);
  });

  test("health and readiness", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    // /api is not behind the proxy: apiRoute and next.config.js headers() set these.
    const h = health.headers();
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["strict-transport-security"]).toContain("max-age=");
    expect(h["cache-control"]).toContain("no-store");
    expect(h["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const ready = await request.get("/api/ready");
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", database: "ok" });
  });

  test("a cross-site POST to an API route is refused", async ({ request }) => {
    const res = await request.post("/api/auth/signout", {
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(res.status()).toBe(403);
  });
});
