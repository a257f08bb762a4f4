import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demoAccounts } from "../../src/cli/lib/demo-accounts";

export type DemoRole = keyof typeof demoAccounts;
export { DEMO_PASSWORD, demoAccounts, expect };

const port = Number(process.env.E2E_PORT ?? 3100);
export const instanceA = `http://localhost:${port}`;
export const instanceB = `http://localhost:${port + 1}`;

/** Signs in through next-auth's real credentials endpoint (same as the form, minus typing). */
export async function signInWithRequest(request: APIRequestContext, email: string, password: string, base = instanceA) {
  const html = await (await request.get(`${base}/login`)).text();
  const csrf = /name="csrfToken" value="([a-f0-9]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error("no csrf token on /login");
  return request.post(`${base}/api/auth/callback/credentials`, {
    form: { csrfToken: csrf, email, password, callbackUrl: "/" },
    headers: { origin: base },
    maxRedirects: 0,
  });
}

/** Logs a demo role in directly; the page's context then carries the session cookie. */
export async function loginAs(page: Page, role: DemoRole): Promise<void> {
  const res = await signInWithRequest(page.context().request, demoAccounts[role].email, DEMO_PASSWORD);
  expect(res.status(), `sign-in as ${role}`).toBe(302);
  expect(res.headers()["location"]).not.toContain("error=");
}

/** A fresh context that looks like it comes from its own client IP (for rate-limit isolation). */
export async function contextFromIp(browser: import("@playwright/test").Browser, ip: string): Promise<BrowserContext> {
  return browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ip } });
}

/** axe: no serious or critical WCAG 2.1 A/AA violations. */
export async function expectAccessible(page: Page, label?: string) {
  // Next streams metadata after the page and re-inserts <title> after a server action re-render:
  // wait for that state (not for a fixed 5 s, which a loaded machine can outlast) so axe sees the
  // settled document. Every page has a title, so a page without one fails here.
  await expect(page, `title of ${label ?? page.url()}`).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")})`,
    ),
    `axe on ${label ?? page.url()}`,
  ).toEqual([]);
}

/** No horizontal scrolling on a 360 px wide phone. */
export async function expectFitsPhone(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow at 360 px on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** Tests fail on unexpected console errors (Epic Stack habit). */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const text = msg.text();
        // The browser logs expected 4xx navigations (403 pages) as resource errors.
        if (/Failed to load resource: the server responded with a status of (401|403|404|409|429)/.test(text)) return;
        errors.push(text);
      });
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});
