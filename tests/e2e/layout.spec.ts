import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import pg from "pg";
import { DEMO_PASSWORD, demoAccounts, expect, signInWithRequest, test } from "./fixtures";

/**
 * Every page the app has, at 360 px (issue 10, D9 and D8): no sideways scrolling of the document
 * (a wide table scrolls inside its own box), every status chip is an SVG icon plus a word, and no
 * emoji reaches the screen. The pages come from src/app/**\/page.tsx, so a new page is checked
 * without anyone adding it here; the role comes from the page's own requireActor(...) call;
 * pages with ids get them from the demo data (or from this file's own rows, so parallel tests
 * see no change). A new page with an id segment fails until it gets an entry in `urls` below.
 */

const appDir = join(import.meta.dirname, "..", "..", "src", "app");

type Access =
  "public" | "admin" | "clinician" | "patient" | "own-clinician" | "forms-link" | "join-link" | "guest-link";
type Route = { route: string; file: string; access: Access };

/** Route pattern of a page file: route groups "(x)" dropped, "page.tsx" dropped. */
export function routeOf(file: string): string {
  const parts = relative(appDir, file)
    .split(sep)
    .slice(0, -1)
    .filter((p) => !/^\(.*\)$/.test(p));
  return `/${parts.join("/")}`;
}

/** Who can see a page, read from its requireActor(...) call (no call: a public or link page). */
function accessOf(route: string, source: string): Access {
  if (route === "/alerts/[id]") return "own-clinician"; // an alert of this file's own patient
  if (route.startsWith("/f/forms")) return "forms-link";
  if (route === "/v/visit") return "join-link";
  if (route === "/v/guest") return "guest-link";
  const call = /requireActor\(([^)]*)\)/.exec(source);
  if (!call) return "public";
  const arg = call[1]!;
  if (/"ADMIN"/.test(arg) && !/"CLINICIAN"|"COORDINATOR"|careTeamRoles/.test(arg)) return "admin";
  if (/"PATIENT"/.test(arg)) return "patient";
  return "clinician";
}

function listPages(dir = appDir): Route[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return listPages(p);
    if (e.name !== "page.tsx") return [];
    const route = routeOf(p);
    return [{ route, file: relative(appDir, p), access: accessOf(route, readFileSync(p, "utf8")) }];
  });
}

type Ids = Awaited<ReturnType<typeof makeLayoutData>>;

/** Concrete addresses for pages with ids or required query parameters; where the page lands. */
const urls: Record<string, (ids: Ids) => string> = {
  "/": () => "/",
  "/admin/hours/[id]": (i) => `/admin/hours/${i.drLee}`,
  "/admin/users/[id]": (i) => `/admin/users/${i.drLee}`,
  "/alerts/[id]": (i) => `/alerts/${i.alertId}`,
  "/patients/[id]": (i) => `/patients/${i.patient}`,
  "/patients/[id]/edit": (i) => `/patients/${i.patient}/edit`,
  "/patients/[id]/forms": (i) => `/patients/${i.patient}/forms`,
  "/patients/[id]/assessments/enter": (i) => `/patients/${i.patient}/assessments/enter?instrument=PHQ9`,
  "/patients/[id]/assessments/[seriesId]": (i) => `/patients/${i.patient}/assessments/${i.series}`,
  "/patients/[id]/udt/new": (i) => `/patients/${i.patient}/udt/new`,
  "/patients/[id]/udt/[orderId]": (i) => `/patients/${i.patient}/udt/${i.udtOrder}`,
  "/visits/[id]": (i) => `/visits/${i.visit}`,
  "/visits/[id]/note": (i) => `/visits/${i.visit}/note`,
  "/visits/[id]/room": (i) => `/visits/${i.videoVisit}/room`,
  "/me/visits/[id]": (i) => `/me/visits/${i.ownVisit}`,
  "/me/visits/[id]/video": (i) => `/me/visits/${i.ownVisit}/video`,
  "/me/forms/[requestId]": (i) => `/me/forms/${i.ownRequest}`,
  "/me/forms/done": (i) => `/me/forms/done?r=${i.ownResponse}`,
  "/f/[token]": () => `/f/${"A".repeat(43)}`,
  "/l/[token]": () => `/l/${"A".repeat(43)}`,
  "/f/forms/done": (i) => `/f/forms/done?r=${i.ownResponse}`,
  "/f/forms/[requestId]": (i) => `/f/forms/${i.ownRequest}`,
};
/** Pages that always send the visitor on: where they land instead. */
const lands: Record<string, string> = {
  "/": "/login",
  "/f/[token]": `/l/${"A".repeat(43)}`,
  "/a/agreement": "/link-expired",
};

function urlFor(r: Route, ids: Ids): string {
  const make = urls[r.route];
  if (make) return make(ids);
  if (r.route.includes("["))
    throw new Error(`${r.file}: add an address for ${r.route} to "urls" in tests/e2e/layout.spec.ts`);
  return r.route;
}

async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Ids from the demo data (Dr. Lee's patients, visits, orders), plus this file's own clinician
 * and patient (a portal account, a video visit, a form request and a closed item-9 alert), so
 * the patient pages and the alert page have something to show and no other test sees a change.
 */
async function makeLayoutData() {
  const tag = randomUUID().slice(0, 8);
  return withDb(async (c) => {
    const one = async (sql: string, params: unknown[] = []) => {
      const row = (await c.query<{ id: string }>(sql, params)).rows[0];
      if (!row) throw new Error(`no demo row for: ${sql}`);
      return row.id;
    };
    const drLee = await one(`SELECT id FROM "User" WHERE email = $1`, [demoAccounts.clinician.email]);
    const patient = await one(
      `SELECT p.id FROM "Patient" p WHERE p."primaryClinicianId" = $1 AND EXISTS (SELECT 1 FROM "UdtOrder" o WHERE o."patientId" = p.id) AND EXISTS (SELECT 1 FROM "FormResponse" r WHERE r."patientId" = p.id) ORDER BY p.mrn LIMIT 1`,
      [drLee],
    );
    const udtOrder = await one(`SELECT id FROM "UdtOrder" WHERE "patientId" = $1 ORDER BY "createdAt" LIMIT 1`, [
      patient,
    ]);
    const series = await one(
      `SELECT "seriesId" AS id FROM "FormResponse" WHERE "patientId" = $1 ORDER BY "answeredAt" DESC LIMIT 1`,
      [patient],
    );
    const visit = await one(
      `SELECT id FROM "Visit" WHERE "clinicianId" = $1 ORDER BY (status = 'COMPLETED') DESC, "startsAt" LIMIT 1`,
      [drLee],
    );
    const videoVisit = await one(
      `SELECT id FROM "Visit" WHERE "clinicianId" = $1 AND modality = 'VIDEO' AND status NOT IN ('CANCELLED', 'NO_SHOW') ORDER BY "startsAt" LIMIT 1`,
      [drLee],
    );

    const hash = (await c.query<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE id = $1`, [drLee]))
      .rows[0]!.passwordHash;
    const ownClinician = randomUUID();
    const ownClinicianEmail = `dr.layout.${tag}@test.clinic`;
    await c.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, $3, $4, 'CLINICIAN', now())`,
      [ownClinician, ownClinicianEmail, `Dr. Layout ${tag}`, hash],
    );
    const ownPatient = randomUUID();
    const ownPatientEmail = `lay.${tag}@test.patient`;
    await c.query(
      `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", phone, email, "timeZone", "stateOfResidence", "primaryClinicianId", "updatedAt")
       VALUES ($1, $2, 'Layla', $3, '1969-03-14', '+12065550177', $4, 'America/Los_Angeles', 'WA', $5, now())`,
      [ownPatient, `LAY-${tag}`, `Layout${tag}`, ownPatientEmail, ownClinician],
    );
    await c.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "patientId", "updatedAt") VALUES ($1, $2, $3, $4, 'PATIENT', $5, now())`,
      [randomUUID(), ownPatientEmail, `Layla Layout${tag}`, hash, ownPatient],
    );
    const type = await one(`SELECT id FROM "VisitType" WHERE active ORDER BY "durationMinutes" LIMIT 1`);
    const ownVisit = randomUUID();
    const start = new Date(Date.now() + 10 * 60_000);
    await c.query(
      `INSERT INTO "Visit" (id, "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", modality, reason, "idempotencyKey", "createdById", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, 'VIDEO', 'Follow-up for chronic neck pain', $7, $3, now())`,
      [ownVisit, ownPatient, ownClinician, type, start, new Date(start.getTime() + 30 * 60_000), `e2e-layout-${tag}`],
    );
    const ownRequest = randomUUID();
    await c.query(
      `INSERT INTO "FormRequest" (id, "patientId", "visitId", instrument, "dueAt") VALUES ($1, $2, $3, 'PEG', $4)`,
      [ownRequest, ownPatient, ownVisit, start],
    );
    // An answered PHQ-9 with item 9 above 0 and its alert, already followed up (an open alert
    // would put the red banner on every clinician's pages in the tests running beside this one).
    const ownResponse = randomUUID();
    const answers = { "1": 1, "2": 2, "3": 1, "4": 1, "5": 0, "6": 1, "7": 1, "8": 0, "9": 1, "10": 1 };
    await c.query(
      `INSERT INTO "FormResponse" (id, "patientId", instrument, "instrumentVersion", answers, "scoreTenths", "safetyFlag", mode, "answeredAt", "idempotencyKey", "seriesId")
       VALUES ($1, $2, 'PHQ9', 'PHQ-9-2001.1', $3, 80, true, 'SECURE_LINK', now() - interval '1 day', $4, $1)`,
      [ownResponse, ownPatient, JSON.stringify(answers), `e2e-layout-${tag}`],
    );
    const alertId = randomUUID();
    await c.query(
      `INSERT INTO "SafetyAlert" (id, "patientId", "responseId", "item9Answer", status, "resolvedAt", "resolvedById", "assessmentDone", "followUpPlan")
       VALUES ($1, $2, $3, 1, 'RESOLVED', now(), $4, true, 'Called the same day; safety plan reviewed.')`,
      [alertId, ownPatient, ownResponse, ownClinician],
    );
    return {
      drLee,
      patient,
      udtOrder,
      series,
      visit,
      videoVisit,
      ownClinicianEmail,
      ownPatientEmail,
      ownPatient,
      ownVisit,
      ownRequest,
      ownResponse,
      alertId,
    };
  });
}

let data: Promise<Ids> | null = null;
const layoutData = () => (data ??= makeLayoutData());

let ipCounter = 0;
/** A phone-sized browser from its own client IP (sign-in and link limits are per IP). */
function phoneContext(browser: Browser): Promise<BrowserContext> {
  ipCounter = (ipCounter % 250) + 1;
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    extraHTTPHeaders: { "x-forwarded-for": `10.77.${process.pid % 250}.${ipCounter}` },
  });
}

async function signedInPage(browser: Browser, email: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  if (email) {
    const res = await signInWithRequest(ctx.request, email, DEMO_PASSWORD);
    expect(res.status(), `sign-in as ${email}`).toBe(302);
  }
  return { ctx, page };
}

/** A staff member makes a link in the app; the patient (or guest) opens it on a phone. */
async function openLinkSession(
  browser: Browser,
  ids: Ids,
  kind: "forms-link" | "join-link" | "guest-link",
): Promise<{ ctx: BrowserContext; page: Page }> {
  const staff = await signedInPage(browser, ids.ownClinicianEmail);
  const s = staff.page;
  let link: string;
  if (kind === "forms-link") {
    await s.goto(`/patients/${ids.ownPatient}/forms`);
    await s.getByRole("button", { name: "Send reminder with a new link" }).click();
    link = await s.getByLabel("Secure link (shown only now)").inputValue();
  } else if (kind === "join-link") {
    await s.goto(`/visits/${ids.ownVisit}`);
    await s.locator("summary", { hasText: "Patient join link" }).click();
    await s.getByRole("button", { name: "Make a new join link" }).click();
    link = await s.locator("#join-url").inputValue();
  } else {
    await s.goto(`/visits/${ids.ownVisit}/room`);
    await s.locator("summary", { hasText: "Invite a caregiver or interpreter" }).click();
    await s.getByLabel("Who").selectOption("CAREGIVER");
    await s.getByLabel("Their name").fill("Lee Caregiver");
    await s.getByRole("button", { name: "Make guest link" }).click();
    link = await s.locator("#guest-url").inputValue();
  }
  expect(link, `${kind} made`).toMatch(/^http/);
  await staff.ctx.close();
  const visitor = await signedInPage(browser, "");
  await visitor.page.goto(link);
  // Opening a link changes nothing (mail scanners open links too): the visitor presses its
  // button, and a join link first asks for the patient's date of birth.
  if (kind === "forms-link") {
    await visitor.page.getByRole("button", { name: "Start" }).click();
    await expect(visitor.page).toHaveURL(/\/f\/forms$/);
  } else if (kind === "join-link") {
    await visitor.page.getByLabel("Month").fill("3");
    await visitor.page.getByLabel("Day").fill("14");
    await visitor.page.getByLabel("Year").fill("1969");
    await visitor.page.getByRole("button", { name: "Open my visit" }).click();
    await expect(visitor.page).toHaveURL(/\/v\/visit$/);
  } else {
    await visitor.page.getByRole("button", { name: "Continue" }).click();
    await expect(visitor.page).toHaveURL(/\/v\/guest$/);
  }
  return visitor;
}

/** The checks on one page, collected softly so one run reports every page that fails. */
async function checkPage(page: Page, r: Route, url: string) {
  const res = await page.goto(url);
  const label = `${r.route} (${url})`;
  expect.soft(res?.ok(), `${label}: answered 2xx (status ${res?.status()})`).toBe(true);
  const want = lands[r.route] ?? url.split("?")[0]!;
  expect.soft(new URL(page.url()).pathname, `${label}: the page itself, not a redirect`).toBe(want);
  const layout = await page.evaluate(() => {
    const doc = document.documentElement;
    const wide = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1)
      .filter((e) => !e.closest("[class*='overflow-']"))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${(e.getAttribute("class") ?? "").split(" ").slice(0, 4).join(".")}`);
    const chips = [...document.querySelectorAll("[data-chip]")].map((c) => ({
      svg: !!c.querySelector("svg"),
      word: (c.textContent ?? "").trim(),
    }));
    return {
      overflow: doc.scrollWidth - doc.clientWidth,
      wide,
      chips,
      emoji: (document.body.innerText.match(/\p{Extended_Pictographic}/gu) ?? []).join(""),
    };
  });
  expect
    .soft(layout.overflow, `${label}: sideways scroll at 360 px (wider than the screen: ${layout.wide.join(", ")})`)
    .toBeLessThanOrEqual(0);
  for (const c of layout.chips) {
    expect.soft(c.svg, `${label}: chip "${c.word}" has an SVG icon`).toBe(true);
    expect.soft(c.word, `${label}: chip has a word`).toMatch(/\p{L}/u);
  }
  expect.soft(layout.emoji, `${label}: emoji on screen`).toBe("");
}

/** HTML pages served by a route handler instead of a page.tsx (patient pages: docs/decisions/patient-pages-rendering.md). */
const htmlRouteHandlers: Route[] = [
  { route: "/f/forms/[requestId]", file: "f/forms/[requestId]/route.ts", access: "forms-link" },
  { route: "/f/forms", file: "f/forms/route.ts", access: "forms-link" },
  { route: "/f/forms/done", file: "f/forms/done/route.ts", access: "forms-link" },
  { route: "/link-expired", file: "link-expired/route.ts", access: "public" },
  { route: "/l/[token]", file: "l/[token]/route.ts", access: "public" },
  { route: "/a/agreement", file: "a/agreement/route.ts", access: "public" },
];
const pages = [...listPages(), ...htmlRouteHandlers];
const groups: Access[] = [
  "public",
  "admin",
  "clinician",
  "patient",
  "own-clinician",
  "forms-link",
  "join-link",
  "guest-link",
];

test("the page list is read from src/app (every page has a known access)", () => {
  expect(pages.length).toBeGreaterThan(40);
  for (const p of pages) expect(groups, p.file).toContain(p.access);
  expect(pages.map((p) => p.route)).toEqual(
    expect.arrayContaining(["/schedule", "/visits", "/today", "/me", "/f/[token]"]),
  );
});

for (const access of groups) {
  const mine = pages.filter((p) => p.access === access);
  // Large groups are split so two workers share them and a slow page fails a small test.
  const chunks = Array.from({ length: Math.ceil(mine.length / 8) }, (_, i) => mine.slice(i * 8, i * 8 + 8));
  chunks.forEach((chunk, i) => {
    test(`every page fits 360 px, with icon + word chips: ${access}${chunks.length > 1 ? ` part ${i + 1}` : ""} (${chunk.map((p) => p.route).join(", ")})`, async ({
      browser,
    }) => {
      // Many page loads in one test; each waits on its own state, this only bounds the whole.
      test.setTimeout(30_000 + chunk.length * 20_000);
      const ids = await layoutData();
      const email = {
        public: "",
        admin: demoAccounts.admin.email,
        clinician: demoAccounts.clinician.email,
        patient: ids.ownPatientEmail,
        "own-clinician": ids.ownClinicianEmail,
      }[access as string];
      const { ctx, page } =
        email !== undefined
          ? await signedInPage(browser, email)
          : await openLinkSession(browser, ids, access as "forms-link" | "join-link" | "guest-link");
      try {
        for (const r of chunk) await checkPage(page, r, urlFor(r, ids));
      } finally {
        await ctx.close();
      }
    });
  });
}

test("status chips on a busy page are an SVG icon and a word", async ({ browser }) => {
  const { ctx, page } = await signedInPage(browser, demoAccounts.clinician.email);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/visits");
  const chips = page.locator("[data-chip]");
  await expect(chips.first()).toBeVisible();
  const all = await chips.evaluateAll((els) =>
    els.map((e) => ({
      svgs: e.querySelectorAll("svg[aria-hidden='true']").length,
      text: (e.textContent ?? "").trim(),
    })),
  );
  expect(all.length).toBeGreaterThan(2);
  for (const c of all) {
    expect(c.svgs, `chip "${c.text}"`).toBe(1);
    expect(c.text).toMatch(/^[A-Z][a-z -]+/);
  }
  await expect(
    page
      .locator("[data-chip]", { hasText: /^Video$/ })
      .first()
      .locator("svg"),
  ).toBeVisible();
  await ctx.close();
});
