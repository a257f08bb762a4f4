import type { Page } from "@playwright/test";
import {
  DEMO_PASSWORD,
  expect,
  expectAccessible,
  expectFitsPhone,
  instanceA,
  instanceB,
  loginAs,
  signInWithRequest,
  test,
} from "./fixtures";
import { makeVideoVisit, openJoinLink, withDb, type VideoVisit } from "./video-data";

/**
 * Issue 7: video visits. Real Chromium with fake camera and microphone, peer-to-peer WebRTC on
 * loopback, signaling through the app and Postgres. Each test has its own clinician and patient.
 *
 * Functional only: every wait is on a state (a frame drawn, a heading shown), with bounds sized
 * for a loaded 2-core machine where fake cameras, VP8 encoders, two app instances and Postgres
 * share the CPU. How fast admit-to-video is (budget 3 s) is measured by `npm run bench`
 * (tests/bench/video.ts, "admit to both sides receiving video"), never asserted here (issue 10: 5-10 s under load failed the suite).
 */
// Measured from traces of loaded runs (load average 27-34 on 2 cores: this spec's two workers,
// a CPU hog and other work): a page load 4-23 s, an axe run 14-26 s, admit to first frame
// 24-34 s; the full one-instance journey with axe passed 300 s. A bound, not a wait: on a quiet
// machine the same test takes about a minute.
const VIDEO_TEST_TIMEOUT = 600_000;

async function signIn(page: Page, email: string, base = instanceA) {
  const res = await signInWithRequest(page.context().request, email, DEMO_PASSWORD, base);
  expect(res.status(), `sign-in as ${email}`).toBe(302);
}

/** The coordinator-side step: make the patient's join link on the visit page. */
async function makeJoinLink(page: Page, visitId: string): Promise<string> {
  await page.goto(`/visits/${visitId}`);
  await page.locator("summary", { hasText: "Patient join link" }).click();
  await page.getByRole("button", { name: "Make a new join link" }).click();
  const url = await page.locator("#join-url").inputValue();
  expect(url).toMatch(/\/l\/[A-Za-z0-9_-]{43}$/);
  return url;
}

async function patientEntersWaitingRoom(p: Page, link: string) {
  await openJoinLink(p, link);
  await expect(p).toHaveURL(/\/v\/visit$/);
  await p.getByRole("button", { name: "Start camera and microphone" }).click();
  await expect(p.getByTestId("self-video")).toBeVisible();
  await expect(p.getByLabel(/Microphone: say something/)).toBeVisible();
  await p.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(p.getByRole("heading", { name: "You are in the waiting room" })).toBeVisible();
}

async function clinicianOpensRoom(c: Page, v: VideoVisit) {
  await c.goto(`/visits/${v.visitId}/room`);
  await c.getByRole("button", { name: "Open the video room" }).click();
  await expect(c.getByText("Nobody else is in the call yet.")).toBeVisible();
}

/**
 * A remote video that has drawn a frame, has a size, and keeps drawing new frames. The bounds
 * are generous on purpose: under load ICE, DTLS and the first encoded frame can take seconds.
 */
async function expectVideoFlowing(page: Page, label: string): Promise<void> {
  const video = page.getByTestId("remote-video").first();
  await expect(video, `${label}: first frame`).toHaveAttribute("data-first-frame-at", /\d+/, { timeout: 120_000 });
  expect(await video.evaluate((v: HTMLVideoElement) => v.videoWidth), `${label}: videoWidth`).toBeGreaterThan(0);
  const frames = () => video.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames);
  const before = await frames();
  await expect.poll(frames, { message: `${label}: frames advance`, timeout: 30_000 }).toBeGreaterThan(before);
}

for (const layout of ["one instance", "two instances"] as const) {
  test(`video visit on ${layout}: the patient joins from the link, waits, is admitted, both see video, mute works, the call ends with times recorded`, async ({
    browser,
  }) => {
    test.setTimeout(VIDEO_TEST_TIMEOUT);
    const v = await makeVideoVisit();
    const cCtx = await browser.newContext();
    const c = await cCtx.newPage();
    await signIn(c, v.clinicianEmail);
    const link = await makeJoinLink(c, v.visitId);

    // The patient on a phone; on the second instance when the sides are split.
    const pCtx = await browser.newContext({
      viewport: { width: 360, height: 740 },
      baseURL: layout === "two instances" ? instanceB : instanceA,
    });
    const p = await pCtx.newPage();
    await patientEntersWaitingRoom(p, layout === "two instances" ? link.replace(instanceA, instanceB) : link);
    await expect(p.getByText(/will let you in/)).toBeVisible();
    await expectFitsPhone(p);
    // axe is heavy on a loaded machine and the pages are the same on either layout: check once.
    if (layout === "one instance") await expectAccessible(p, "patient waiting room");

    // Today shows who is waiting; its main action opens the room.
    await c.goto("/today");
    const row = c.getByRole("listitem").filter({ hasText: v.patientName });
    await expect(row.getByText(/Patient in the waiting room, \d+ min/)).toBeVisible();
    await row.getByRole("link", { name: /Admit/ }).click();
    await expect(c).toHaveURL(new RegExp(`/visits/${v.visitId}/room$`));
    await c.getByRole("button", { name: "Open the video room" }).click();
    await expect(c.getByText("Nobody else is in the call yet.")).toBeVisible();
    await expect(c.getByRole("heading", { name: "PEG and PHQ-9" })).toBeVisible();
    await expect(c.getByRole("heading", { name: "Consent" })).toBeVisible();

    // Admitted: both sides receive video (how fast is a bench figure, not a test).
    await c.getByRole("button", { name: `Admit ${v.patientName}` }).click();
    await Promise.all([
      expectVideoFlowing(c, "clinician sees patient"),
      expectVideoFlowing(p, "patient sees clinician"),
    ]);
    if (layout === "one instance") {
      await expectAccessible(c, "clinician video room");
      await expectAccessible(p, "patient in call");
    }

    // Mute: the patient mutes; the clinician's tile says so; unmute clears it.
    await p.getByRole("button", { name: "Mute" }).click();
    await expect(p.getByRole("button", { name: "Unmute" })).toHaveAttribute("aria-pressed", "true");
    await expect(c.getByTestId("remote-video").locator("xpath=..").getByText("· muted")).toBeVisible();
    expect(
      await p
        .getByTestId("self-video")
        .evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream).getAudioTracks().map((t) => t.enabled)),
    ).toEqual([false]);
    await p.getByRole("button", { name: "Unmute" }).click();
    await expect(c.getByTestId("remote-video").locator("xpath=..").getByText("· muted")).toHaveCount(0);

    // End: the visit is completed with its start and end times; the patient is told.
    await c.getByRole("button", { name: "End visit" }).click();
    await expect(c.getByRole("heading", { name: "Visit completed" })).toBeVisible();
    await expect(c.getByTestId("visit-times")).toContainText(/Started \d{1,2}:\d{2} [AP]M, ended \d{1,2}:\d{2} [AP]M/);
    await expect(p.getByRole("heading", { name: "Your visit has ended" })).toBeVisible();
    const row2 = await withDb(
      async (db) =>
        (await db.query(`SELECT status, "startedAt", "completedAt" FROM "Visit" WHERE id = $1`, [v.visitId])).rows[0],
    );
    expect(row2.status).toBe("COMPLETED");
    expect(row2.startedAt).toBeInstanceOf(Date);
    expect(row2.startedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(row2.completedAt).getTime()).toBeGreaterThanOrEqual(new Date(row2.startedAt).getTime());
    // The note starts from the call's times.
    await c.goto(`/visits/${v.visitId}/note`);
    await expect(c.getByLabel(/^Start \(/)).not.toHaveValue("");
    await expect(c.getByLabel(/^End \(/)).not.toHaveValue("");
    // Nothing of the call is kept but the roster: the relay rows are gone.
    const relay = await withDb(async (db) =>
      Number(
        (await db.query(`SELECT count(*) FROM "VideoSignal" WHERE "visitId" = $1 AND kind <> 'roster'`, [v.visitId]))
          .rows[0].count,
      ),
    );
    expect(relay).toBe(0);
    await cCtx.close();
    await pCtx.close();
  });
}

test("fall back to phone: one action records why, the clinician gets the number, the patient is told the clinic will call", async ({
  browser,
}) => {
  test.setTimeout(VIDEO_TEST_TIMEOUT);
  const v = await makeVideoVisit();
  const cCtx = await browser.newContext();
  const c = await cCtx.newPage();
  await signIn(c, v.clinicianEmail);
  const link = await makeJoinLink(c, v.visitId);
  const pCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const p = await pCtx.newPage();
  await patientEntersWaitingRoom(p, link);
  // The patient says video is not working.
  await p.getByRole("button", { name: "Video not working? Ask for a phone call" }).click();
  await expect(p.getByText("We told the clinic you would like a phone call instead.")).toBeVisible();

  await clinicianOpensRoom(c, v);
  await expect(c.getByText(`${v.patientName} asked for a phone call instead of video.`)).toBeVisible();
  await c.locator("summary", { hasText: "Video not working? Switch to phone" }).click();
  await c.getByLabel("Patient has no working camera or video device").check();
  await c.getByLabel("Detail (optional)").fill("Camera shows a black picture");
  await c.getByRole("button", { name: "Switch to phone now" }).click();
  const last4 = v.patientPhone.slice(-4);
  await expect(c.getByRole("heading", { name: "Now a phone visit: call the patient" })).toBeVisible();
  await expect(c.getByRole("link", { name: new RegExp(`${last4}$`) })).toHaveAttribute("href", `tel:${v.patientPhone}`);
  await expect(p.getByRole("heading", { name: "The clinic will call you" })).toBeVisible();
  await expect(p.getByText(new RegExp(`We will call you at .*${last4}`))).toBeVisible();
  await expectAccessible(p, "patient told the clinic will call");

  const ev = await withDb(
    async (db) =>
      (
        await db.query(
          `SELECT v.modality, e.reason, e.details FROM "Visit" v JOIN "VisitEvent" e ON e."visitId" = v.id AND e.kind = 'MODALITY_SWITCHED' WHERE v.id = $1`,
          [v.visitId],
        )
      ).rows[0],
  );
  expect(ev.modality).toBe("PHONE");
  expect(ev.details.reasonCode).toBe("PATIENT_LACKS_VIDEO");
  expect(ev.reason).toContain("Camera shows a black picture");
  // The note starts as audio-only with that reason (the billing modifier follows from it).
  await c.goto(`/visits/${v.visitId}/note`);
  await expect(c.getByLabel("Modality actually used")).toHaveValue("AUDIO_ONLY");
  await expect(c.getByLabel("If audio-only: why")).toHaveValue("PATIENT_LACKS_VIDEO");
  // The patient's page, reloaded, still says it is a phone visit at their number.
  await p.reload();
  await expect(p.getByText(/We will call you at/)).toBeVisible();
  await cCtx.close();
  await pCtx.close();
});

/** A portal patient (signed in) opens My visits, checks the camera and waits in the waiting room. */
async function portalPatientWaits(p: Page, visitId: string) {
  await p.goto(`/me/visits/${visitId}`);
  await p.getByRole("link", { name: "Join video visit" }).click();
  await p.getByRole("button", { name: "Start camera and microphone" }).click();
  await p.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(p.getByRole("heading", { name: "You are in the waiting room" })).toBeVisible();
}

// Two tests where there was one three-browser journey: it needed ~88 s of a 90 s limit on a quiet
// machine (three fake cameras, six VP8 encoders in a mesh of three, ~15 serial steps) and timed
// out under load. Each half now carries only the parties it checks.
test("a portal patient joins from My visits, is admitted, and both sides see video", async ({ browser }) => {
  test.setTimeout(VIDEO_TEST_TIMEOUT);
  const v = await makeVideoVisit({ patientAccount: true });
  const cCtx = await browser.newContext();
  const c = await cCtx.newPage();
  await signIn(c, v.clinicianEmail);
  const pCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const p = await pCtx.newPage();
  await signIn(p, v.patientEmail!);
  await portalPatientWaits(p, v.visitId);

  await clinicianOpensRoom(c, v);
  await c.getByRole("button", { name: `Admit ${v.patientName}` }).click();
  await Promise.all([
    expectVideoFlowing(c, "clinician sees the portal patient"),
    expectVideoFlowing(p, "portal patient sees the clinician"),
  ]);
  await c.getByRole("button", { name: "End visit" }).click();
  await expect(c.getByRole("heading", { name: "Visit completed" })).toBeVisible();
  await expect(p.getByRole("heading", { name: "Your visit has ended" })).toBeVisible();
  await cCtx.close();
  await pCtx.close();
});

test("a caregiver joins with their own link (it works once), sees the call, and the note lists the caregiver", async ({
  browser,
}) => {
  test.setTimeout(VIDEO_TEST_TIMEOUT);
  const v = await makeVideoVisit({ patientAccount: true });
  const cCtx = await browser.newContext();
  const c = await cCtx.newPage();
  await signIn(c, v.clinicianEmail);
  await c.goto(`/visits/${v.visitId}/room`);
  await c.locator("summary", { hasText: "Invite a caregiver or interpreter" }).click();
  await c.getByLabel("Who").selectOption("CAREGIVER");
  await c.getByLabel("Their name").fill("Ana Caregiver");
  await c.getByRole("button", { name: "Make guest link" }).click();
  const guestUrl = await c.locator("#guest-url").inputValue();
  expect(guestUrl).toMatch(/\/l\/[A-Za-z0-9_-]{43}$/);

  // The call needs the patient admitted (that starts the visit); the patient's own view of the
  // video is the test above.
  const pCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const p = await pCtx.newPage();
  await signIn(p, v.patientEmail!);
  await portalPatientWaits(p, v.visitId);

  const gCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const g = await gCtx.newPage();
  await g.goto(guestUrl);
  await g.getByRole("button", { name: "Continue" }).click();
  await expect(g).toHaveURL(/\/v\/guest$/);
  await expect(g.getByRole("heading", { name: "Hello, Ana Caregiver." })).toBeVisible();
  await g.getByRole("button", { name: "Start camera and microphone" }).click();
  await g.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(g.getByRole("heading", { name: "You are in the waiting room" })).toBeVisible();
  // The guest link is theirs until the visit ends: opened again on another device, it still works.
  const again = await browser.newContext();
  const a = await again.newPage();
  await a.goto(guestUrl);
  await a.getByRole("button", { name: "Continue" }).click();
  await expect(a.getByRole("heading", { name: "Hello, Ana Caregiver." })).toBeVisible();
  await again.close();

  await c.getByRole("button", { name: "Open the video room" }).click();
  await c.getByRole("button", { name: `Admit ${v.patientName}` }).click();
  await c.getByRole("button", { name: "Admit Ana Caregiver" }).click();
  await expect(c.getByTestId("remote-video")).toHaveCount(2);
  await expectVideoFlowing(g, "caregiver sees the call");
  await expect(p.getByTestId("remote-video")).toHaveCount(2);
  await c.getByRole("button", { name: "End visit" }).click();
  await expect(c.getByRole("heading", { name: "Visit completed" })).toBeVisible();
  await c.goto(`/visits/${v.visitId}/note`);
  await expect(c.locator('input[value="Ana Caregiver"]')).toBeVisible();
  await cCtx.close();
  await pCtx.close();
  await gCtx.close();
});

test("strangers get no room: a guessed link, a used link, another patient, no credentials, a coordinator", async ({
  browser,
  request,
}) => {
  const v = await makeVideoVisit();
  const cCtx = await browser.newContext();
  const c = await cCtx.newPage();
  await signIn(c, v.clinicianEmail);
  const link = await makeJoinLink(c, v.visitId);

  const s = await browser.newContext();
  const page = await s.newPage();
  // A guessed token: the landing page changes nothing; its button finds no link.
  await page.goto(`/l/${"A".repeat(43)}`);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/link-expired/);
  // The room page with no link session.
  await page.goto("/v/visit");
  await expect(page).toHaveURL(/link-expired/);
  // The real link, opened by the patient, does not let in someone who does not know their birth date.
  const pCtx = await browser.newContext();
  await openJoinLink(await pCtx.newPage(), link);
  await openJoinLink(page, link, { month: "1", day: "1", year: "1980" });
  await expect(page.getByText("That date of birth does not match our records.")).toBeVisible();
  await page.goto("/v/visit");
  await expect(page).toHaveURL(/link-expired/);
  // The API: no credentials, another patient, a coordinator.
  const noCred = await request.post(`/api/video/${v.visitId}/join`, {
    data: { via: "link", hasCamera: true },
    headers: { origin: instanceA },
  });
  expect(noCred.status()).toBe(401);
  await loginAs(page, "patient2");
  const other = await page.request.post(`/api/video/${v.visitId}/join`, {
    data: { via: "account", hasCamera: true },
    headers: { origin: instanceA },
  });
  expect(other.status()).toBe(403);
  const coord = await browser.newContext();
  const cp = await coord.newPage();
  await loginAs(cp, "coordinator");
  expect(
    (
      await cp.request.post(`/api/video/${v.visitId}/join`, {
        data: { via: "account", hasCamera: true },
        headers: { origin: instanceA },
      })
    ).status(),
  ).toBe(403);
  // Signaling without a room token, or with a made-up one.
  const forged = await request.post(`/api/video/${v.visitId}/signal`, {
    data: { kind: "media", data: { audio: true, video: true } },
    headers: { origin: instanceA, authorization: "Bearer eyJ2IjoiMSJ9.AAAA" },
  });
  expect(forged.status()).toBe(401);
  const events = await request.get(`/api/video/${v.visitId}/events`);
  expect(events.status()).toBe(401);
  // An expired link (links expire an hour after the visit) is refused like a guessed one.
  const second = await makeJoinLink(c, v.visitId);
  await withDb((db) =>
    db.query(
      `UPDATE "PatientLinkToken" SET "expiresAt" = now() - interval '1 minute' WHERE "subjectId" = $1 AND "firstRedeemedAt" IS NULL`,
      [v.visitId],
    ),
  );
  await openJoinLink(page, second);
  await expect(page).toHaveURL(/link-expired/);
  const denied = await withDb(async (db) =>
    Number(
      (
        await db.query(
          `SELECT count(*) FROM "AuditEvent" WHERE "entityType" = 'VideoRoom' AND "entityId" = $1 AND outcome = 'DENIED'`,
          [v.visitId],
        )
      ).rows[0].count,
    ),
  );
  expect(denied).toBeGreaterThanOrEqual(2);
  await Promise.all([cCtx.close(), s.close(), pCtx.close(), coord.close()]);
});

test("device check explains a blocked camera and a missing camera, and the patient can still wait and ask for a call", async ({
  browser,
}) => {
  const v = await makeVideoVisit();
  const cCtx = await browser.newContext();
  const c = await cCtx.newPage();
  await signIn(c, v.clinicianEmail);
  const link = await makeJoinLink(c, v.visitId);
  await withDb((db) =>
    db.query(
      `INSERT INTO "FormRequest" (id, "patientId", "visitId", instrument, "dueAt") VALUES (gen_random_uuid(), $1, $2, 'PEG', now() + interval '1 hour')`,
      [v.patientId, v.visitId],
    ),
  );
  const pCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  // The browser refuses the camera the first time, then finds no camera at all.
  await pCtx.addInitScript(() => {
    let calls = 0;
    navigator.mediaDevices.getUserMedia = async () => {
      calls++;
      throw new DOMException("denied", calls === 1 ? "NotAllowedError" : "NotFoundError");
    };
  });
  const p = await pCtx.newPage();
  await openJoinLink(p, link);
  await p.getByRole("button", { name: "Start camera and microphone" }).click();
  const problem = p.getByRole("alert").filter({ hasText: /camera/ });
  await expect(problem).toContainText("Your browser is blocking the camera and microphone.");
  await expect(problem).toContainText("choose Allow");
  await expectAccessible(p, "device check: blocked");
  await p.getByRole("button", { name: "Try again" }).click();
  await expect(problem).toContainText("We could not find a camera on this device.");
  await expect(p.getByRole("button", { name: "Use microphone only" })).toBeVisible();
  // Without any device the patient can still wait, fill in forms and ask to be called.
  await p.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(p.getByRole("heading", { name: "You are in the waiting room" })).toBeVisible();
  const forms = p.getByRole("link", { name: /answer your pre-visit questions/ });
  await expect(forms).toHaveAttribute("target", "_blank");
  const [formsTab] = await Promise.all([pCtx.waitForEvent("page"), forms.click()]);
  // The join link's own session opens the forms (no second link): the patient's pending PEG.
  await expect(formsTab).toHaveURL(/\/f\/forms$/);
  await expect(formsTab.getByRole("heading", { name: "Forms before your visit" })).toBeVisible();
  await expect(formsTab.getByRole("link", { name: /^Start/ })).toBeVisible();
  await p.getByRole("button", { name: "Video not working? Ask for a phone call" }).click();
  await expect(p.getByText("We told the clinic you would like a phone call instead.")).toBeVisible();
  await c.goto("/today");
  await expect(
    c
      .getByRole("listitem")
      .filter({ hasText: v.patientName })
      .getByText(/asks for a phone call/),
  ).toBeVisible();
  await cCtx.close();
  await pCtx.close();
});

// Issue 10, D4: a patient with no video consent on file is not let in with a plain Admit. The
// clinician records the patient's verbal consent in the room (one step), and the visit starts.
test("no consent on file: the clinician records verbal consent in the room and admits in one step", async ({
  browser,
}) => {
  test.setTimeout(VIDEO_TEST_TIMEOUT);
  const v = await makeVideoVisit({ patientAccount: true, consent: false });
  const cCtx = await browser.newContext();
  const c = await cCtx.newPage();
  await signIn(c, v.clinicianEmail);
  const pCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const p = await pCtx.newPage();
  await signIn(p, v.patientEmail!);
  await portalPatientWaits(p, v.visitId);

  await clinicianOpensRoom(c, v);
  const waitingRoom = c.getByRole("region", { name: /Waiting room/ });
  await expect(waitingRoom.getByRole("button", { name: `Admit ${v.patientName}` })).toHaveCount(0);
  await expect(waitingRoom.getByText(/Video consent: missing/)).toBeVisible();
  // Not ticked: nothing happens but a message saying what to do.
  await waitingRoom.getByRole("button", { name: "Record verbal consent and admit" }).click();
  await expect(waitingRoom.getByText("Tick the box once the patient has agreed out loud.")).toBeVisible();
  await waitingRoom.getByLabel(/agreed out loud to video visits/).check();
  await waitingRoom.getByRole("button", { name: "Record verbal consent and admit" }).click();
  await expect(c.getByText(/Visit in progress since/)).toBeVisible({ timeout: 60_000 });
  await expect(p.getByRole("button", { name: "Mute" })).toBeVisible({ timeout: 60_000 });
  const rec = await withDb(
    async (db) =>
      (
        await db.query(
          `SELECT kind, method, "capturedById" IS NOT NULL AS by FROM "ConsentRecord" WHERE "patientId" = $1`,
          [v.patientId],
        )
      ).rows,
  );
  expect(rec).toEqual([{ kind: "VIDEO", method: "VERBAL", by: true }]);
  // The room's consent section now says it is on file.
  await expect(c.getByRole("region", { name: "Consent" }).getByText("Video: On file")).toBeVisible({ timeout: 60_000 });
  await cCtx.close();
  await pCtx.close();
});
