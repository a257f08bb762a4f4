import type { Page } from "@playwright/test";
import {
  DEMO_PASSWORD,
  expect,
  expectAccessible,
  expectFitsPhone,
  instanceA,
  signInWithRequest,
  test,
} from "./fixtures";
import { makeVideoVisit, openJoinLink, withDb } from "./video-data";

/**
 * One patient-access module (issue 11 item 1) and the link findings of issue 10: a join link
 * keeps working for its patient until the visit is over, behind a date-of-birth check; opening a
 * link changes nothing; a clinician's room seat dies with their session.
 */

async function signIn(page: Page, email: string) {
  const res = await signInWithRequest(page.context().request, email, DEMO_PASSWORD);
  expect(res.status(), `sign-in as ${email}`).toBe(302);
}

async function makeJoinLink(page: Page, visitId: string): Promise<string> {
  await page.goto(`/visits/${visitId}`);
  await page.locator("summary", { hasText: "Patient join link" }).click();
  await page.getByRole("button", { name: "Make a new join link" }).click();
  const url = await page.locator("#join-url").inputValue();
  expect(url).toMatch(/\/l\/[A-Za-z0-9_-]{43}$/);
  return url;
}

/** Everything a link can change: its sessions, its attempts, its audit rows. */
async function linkFootprint(visitId: string) {
  return withDb(async (db) => {
    const r = await db.query<{ sessions: string; attempts: string; audits: string }>(
      `SELECT (SELECT count(*) FROM "PatientLinkSession" s JOIN "PatientLinkToken" t ON t.id = s."linkId" WHERE t."subjectId" = $1) AS sessions,
              (SELECT count(*) FROM "PatientLinkAttempt" a JOIN "PatientLinkToken" t ON t.id = a."linkId" WHERE t."subjectId" = $1) AS attempts,
              (SELECT count(*) FROM "AuditEvent" e JOIN "PatientLinkToken" t ON t.id::text = e."entityId" WHERE t."subjectId" = $1 AND e.action = 'ACCESS') AS audits`,
      [visitId],
    );
    return r.rows[0];
  });
}

test("a join link days before the visit: the page says when the room opens; the link opens again in the same browser and in another", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const v = await makeVideoVisit({ startsInMinutes: 3 * 24 * 60 });
  const cCtx = await browser.newContext();
  const c = await cCtx.newPage();
  await signIn(c, v.clinicianEmail);
  const link = await makeJoinLink(c, v.visitId);

  const pCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const p = await pCtx.newPage();
  // Opening the link (as a mail scanner or a link preview would) changes nothing.
  const before = await linkFootprint(v.visitId);
  await p.goto(link);
  await expect(p.getByRole("heading", { name: "Your video visit" })).toBeVisible();
  await expect(p.getByText(v.patientGiven)).toHaveCount(0); // nothing about the patient before the check
  expect(await linkFootprint(v.visitId)).toEqual(before);
  await expectAccessible(p, "join link landing");
  await expectFitsPhone(p);

  await openJoinLink(p, link);
  await expect(p).toHaveURL(/\/v\/visit$/); // the token left the address bar
  await expect(p.getByRole("heading", { name: `Hello, ${v.patientGiven}. Here is your visit.` })).toBeVisible();
  await expect(p.getByText(/The video room opens one hour before your visit, at/)).toBeVisible();
  expect((await pCtx.cookies()).find((k) => k.name === "vpc-link-visit-join")?.httpOnly).toBe(true);
  await expectAccessible(p, "visit page days before");

  // The same link again, in the same browser: straight to the visit (no second check).
  await p.goto(link);
  await expect(p).toHaveURL(/\/v\/visit$/);
  await expect(p.getByText(/The video room opens one hour before your visit, at/)).toBeVisible();

  // On another device: the check again, then the visit.
  const other = await browser.newContext();
  const o = await other.newPage();
  await openJoinLink(o, link);
  await expect(o).toHaveURL(/\/v\/visit$/);
  await expect(o.getByText(/The video room opens one hour before your visit, at/)).toBeVisible();
  await Promise.all([cCtx.close(), pCtx.close(), other.close()]);
});

test("the date-of-birth check works without JavaScript: a bad date names the field, a wrong one says how many tries are left, the fifth locks the link", async ({
  browser,
}) => {
  test.setTimeout(240_000); // nine round trips and axe on three pages, on two shared cores
  const v = await makeVideoVisit({ startsInMinutes: 120 });
  const cCtx = await browser.newContext();
  const c = await cCtx.newPage();
  await signIn(c, v.clinicianEmail);
  const link = await makeJoinLink(c, v.visitId);

  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const p = await ctx.newPage();
  // axe runs as a script: check each page the no-JavaScript browser reached in one with JavaScript
  // (the landing page's GET changes nothing, so opening the same address again is harmless).
  const axeCtx = await browser.newContext();
  const axePage = await axeCtx.newPage();
  const expectAccessibleAt = async (url: string, label: string) => {
    await axePage.goto(url);
    await expectAccessible(axePage, label);
  };
  await openJoinLink(p, link, { month: "13", day: "1", year: "1970" });
  await expect(p.getByRole("alert")).toContainText("Enter the month as a number from 1 to 12");
  await expect(p.getByLabel("Month")).toHaveAttribute("aria-invalid", "true");
  await expectAccessibleAt(p.url(), "birth date: field error");
  for (let left = 4; left >= 1; left--) {
    await openJoinLink(p, link, { month: "1", day: "2", year: "1980" });
    await expect(p.getByText("That date of birth does not match our records.")).toBeVisible();
    await expect(
      p.getByText(left === 1 ? "You have 1 try left" : `You have ${left} tries left`, { exact: false }),
    ).toBeVisible();
  }
  await expectAccessibleAt(p.url(), "birth date: wrong");
  await openJoinLink(p, link, { month: "1", day: "2", year: "1980" });
  await expect(p.getByRole("heading", { name: "This link is locked" })).toBeVisible();
  await expect(p.getByText("Call the clinic and ask for a new link")).toBeVisible();
  // Even the right date no longer opens it.
  await openJoinLink(p, link);
  await expect(p.getByRole("heading", { name: "This link is locked" })).toBeVisible();
  await expectAccessibleAt(p.url(), "link locked");
  const counted = await withDb(async (db) =>
    Number(
      (
        await db.query(
          `SELECT count(*) FROM "PatientLinkAttempt" a JOIN "PatientLinkToken" t ON t.id = a."linkId" WHERE t."subjectId" = $1 AND a.kind = 'WRONG_BIRTH_DATE'`,
          [v.visitId],
        )
      ).rows[0].count,
    ),
  );
  expect(counted).toBe(5);

  // The clinic makes a new link: it works.
  const fresh = await makeJoinLink(c, v.visitId);
  await openJoinLink(p, fresh);
  await expect(p).toHaveURL(/\/v\/visit$/);
  await Promise.all([cCtx.close(), ctx.close(), axeCtx.close()]);
});

test("an expired join link gets the one expired page", async ({ browser }) => {
  const v = await makeVideoVisit();
  const cCtx = await browser.newContext();
  const c = await cCtx.newPage();
  await signIn(c, v.clinicianEmail);
  const link = await makeJoinLink(c, v.visitId);
  await withDb((db) =>
    db.query(`UPDATE "PatientLinkToken" SET "expiresAt" = now() - interval '1 minute' WHERE "subjectId" = $1`, [
      v.visitId,
    ]),
  );
  const p = await (await browser.newContext()).newPage();
  await openJoinLink(p, link);
  await expect(p).toHaveURL(/\/link-expired\?reason=expired$/);
  await expect(p.getByRole("heading", { name: "This link has expired" })).toBeVisible();
  await expect(p.getByText("What to do now")).toBeVisible();
  await expectAccessible(p, "link expired");
  await expectFitsPhone(p);
  // The forms' old expired page leads to the one expired page.
  await p.goto("/f/expired");
  await expect(p).toHaveURL(/\/link-expired/);
  await cCtx.close();
});

test("a clinician who signs out in another tab loses the room: the event stream stops and the room token is refused", async ({
  browser,
}) => {
  const v = await makeVideoVisit();
  const cCtx = await browser.newContext();
  const room = await cCtx.newPage();
  await signIn(room, v.clinicianEmail);
  await room.goto(`/visits/${v.visitId}/room`);
  const joined = room.waitForResponse(
    (r) => r.url().endsWith(`/api/video/${v.visitId}/join`) && r.request().method() === "POST",
  );
  const streamOpened = room.waitForRequest((r) => r.url().includes(`/api/video/${v.visitId}/events`));
  await room.getByRole("button", { name: "Open the video room" }).click();
  const { token } = (await (await joined).json()) as { token: string };
  await streamOpened;
  await expect(room.getByText("Nobody else is in the call yet.")).toBeVisible();
  const auth = { authorization: `Bearer ${token}`, origin: instanceA };

  // Another tab of the same browser signs out.
  const tab = await cCtx.newPage();
  await tab.goto("/today");
  await tab.getByRole("button", { name: "Sign out" }).click();
  await expect(tab).toHaveURL(/\/login/);

  // The open room notices on its own: its stream ends and the reconnect is refused.
  await expect(room.getByRole("alert").filter({ hasText: "You are no longer in this room" })).toBeVisible({
    timeout: 30_000,
  });
  // And the token the room held opens nothing any more.
  const api = cCtx.request;
  expect((await api.get(`/api/video/${v.visitId}/events`, { headers: auth })).status()).toBe(401);
  expect(
    (
      await api.post(`/api/video/${v.visitId}/signal`, {
        headers: auth,
        data: { kind: "media", data: { audio: true, video: true } },
      })
    ).status(),
  ).toBe(401);
  expect((await api.post(`/api/video/${v.visitId}/leave`, { headers: auth, data: {} })).status()).toBe(401);
  expect(
    (
      await api.post(`/api/video/${v.visitId}/join`, {
        headers: { origin: instanceA },
        data: { via: "account", hasCamera: true },
      })
    ).status(),
  ).toBe(401);
  // The seat left the room.
  const state = await withDb(
    async (db) =>
      (await db.query(`SELECT state FROM "VideoParticipant" WHERE "visitId" = $1 AND role = 'CLINICIAN'`, [v.visitId]))
        .rows[0]?.state,
  );
  expect(state).toBe("LEFT");
  await cCtx.close();
});
