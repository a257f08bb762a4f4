import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect } from "../e2e/fixtures";

/** What tests/deploy/run.ts started, for the specs (DEPLOY_* variables). */
function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run these specs with npm run test:deploy`);
  return v;
}

export const deploy = {
  base: need("DEPLOY_BASE_URL"),
  dir: need("DEPLOY_DIR"),
  pgPort: Number(need("DEPLOY_PG_PORT")),
  appPorts: need("DEPLOY_APP_PORTS").split(",").map(Number),
  /** The file with the instances' current process ids (a restarted instance has a new one). */
  appPidsFile: need("DEPLOY_APP_PIDS"),
  accessLog: need("DEPLOY_ACCESS_LOG"),
};

/** The app instances' current process ids, in port order (tests/deploy/run.ts rewrites the file on a restart). */
export function appPids(): number[] {
  return JSON.parse(readFileSync(deploy.appPidsFile, "utf8")) as number[];
}

/** The nginx access log's lines (format `vpc` in deploy/nginx/vpc.conf.template). */
export function accessLines(): Array<{ method: string; path: string; status: number; upstream: string }> {
  return readFileSync(deploy.accessLog, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const m = /"(\S+) (\S+)" (\d+) .* upstream=(.*) ust=/.exec(line);
      return { method: m?.[1] ?? "", path: m?.[2] ?? "", status: Number(m?.[3] ?? 0), upstream: m?.[4] ?? "" };
    });
}

/** Signs in through the real sign-in form, through nginx. */
export async function signInWithForm(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
