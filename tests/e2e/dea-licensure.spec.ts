import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, expectAccessible, loginAs, signInWithRequest, test } from "./fixtures";
import { makeVideoVisit, withDb } from "./video-data";

/**
 * Issue 12, part 5: DEA telemedicine prescribing and licensure. Each test makes its own
 * clinician, patient and visit (tests/e2e/video-data.ts), so nothing depends on the demo seed.
 */
async function loginAsEmail(page: Page, email: string) {
  const res = await signInWithRequest(page.context().request, email, DEMO_PASSWORD);
  expect(res.status(), `sign-in as ${email}`).toBe(302);
}

test("a visit with the patient in a state where the clinician holds no license warns before it starts and in the note", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const v = await makeVideoVisit({ startsInMinutes: 10 }); // patient lives in WA; the clinician has no license yet
  const clinicianId = await withDb(
    async (c) =>
      (await c.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [v.clinicianEmail])).rows[0]!.id,
  );

  // The admin records the clinician's license in Oregon only, on the clinician's account page.
  await loginAs(page, "admin");
  await page.goto("/admin/settings");
  await page.getByRole("link", { name: "Care program" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Care program settings" })).toBeVisible();
  await expect(page.getByLabel("DEA telemedicine flexibilities in force through")).toHaveValue("2026-12-31");
  await expectAccessible(page, "care program settings");
  // A refused value names the setting and nothing is saved.
  await page.getByLabel("PEG interval (days)").fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("PEG interval: at least 1 day").first()).toBeVisible();
  await page.getByLabel("PEG interval (days)").fill("90");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Settings saved/)).toBeVisible();

  await page.goto(`/admin/users/${clinicianId}`);
  const licenses = page.getByRole("region", { name: "Licensed states" });
  await expect(licenses.getByText("No licenses on record")).toBeVisible();
  await licenses.getByLabel("State").selectOption("OR");
  await licenses.getByLabel("License number (optional)").fill(`MD-${randomUUID().slice(0, 6)}`);
  await licenses.getByRole("button", { name: "Add license" }).click();
  await expect(licenses.getByRole("cell", { name: "Oregon (OR)" })).toBeVisible();
  await expectAccessible(page, "user page with licenses");

  // The clinician opens the visit: the state is not recorded yet, so licensure is not checked.
  await page.context().clearCookies();
  await loginAsEmail(page, v.clinicianEmail);
  await page.goto(`/visits/${v.visitId}`);
  await expect(page.getByRole("heading", { name: /Before you start: Licensure not checked/ })).toBeVisible();
  // Check-in asks where the patient is, suggesting the home state (WA).
  const checkIn = page.locator("form").filter({ has: page.getByRole("button", { name: "Check in" }) });
  await expect(checkIn.getByLabel("Patient's state right now")).toHaveValue("WA");
  await checkIn.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByText("Patient checked in.")).toBeVisible();
  const warning = page.getByTestId("licensure-warning");
  await expect(
    warning.getByRole("heading", { name: "Before you start: Licensure warning: no license on record for WA." }),
  ).toBeVisible();
  await expect(warning).toContainText("The patient is in WA for this visit");
  await expect(warning).toContainText("licensed states on record: OR");
  await expectAccessible(page, "visit page with a licensure warning");

  // The video room warns above the call, before the patient is let in.
  await page.goto(`/visits/${v.visitId}/room`);
  await expect(
    page
      .getByTestId("licensure-warning")
      .getByRole("heading", { name: /Before you start: Licensure warning: no license on record for WA/ }),
  ).toBeVisible();

  // The note carries a visible licensure warning section; its header holds the same state.
  await page.goto(`/visits/${v.visitId}/note`);
  const noteWarning = page.getByTestId("licensure-warning");
  await expect(
    noteWarning.getByRole("heading", { name: "Licensure warning: no license on record for WA." }),
  ).toBeVisible();
  await expect(page.getByLabel("Patient's state today")).toHaveValue("WA");
  await expectAccessible(page, "note with a licensure warning");
});

test("a patient relying on the DEA telemedicine flexibility shows the flag with the days left, until an in-person evaluation is recorded, and again once that record is withdrawn as entered in error", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const v = await makeVideoVisit({ startsInMinutes: 60 });
  await withDb((c) =>
    c.query(
      `INSERT INTO "Medication" (id, "patientId", "drugKey", name, "doseAmount", "doseUnit", "timesPerDay", route, "startedOn", prescriber, "isOpioid", "createdById", "updatedAt")
       SELECT $1, $2, 'oxycodone', 'Oxycodone 10 mg tablet', 10, 'mg', 2, 'ORAL', '2026-01-05', 'Dr. Lee', true, u.id, now() FROM "User" u WHERE u.email = $3`,
      [randomUUID(), v.patientId, v.clinicianEmail],
    ),
  );
  await loginAsEmail(page, v.clinicianEmail);
  await page.goto(`/patients/${v.patientId}`);
  const flag = page.getByTestId("dea-flag").first();
  await expect(flag).toContainText(
    /Relies on DEA telemedicine flexibilities: (\d+ days left|1 day left, today is the last day) \(ends Dec 31, 2026\)\./,
  );
  await expect(flag).toContainText("Schedule an in-person visit");
  await expect(flag).toContainText("Oxycodone 10 mg tablet (schedule II)");
  await expectAccessible(page, "chart with the DEA flag");

  // The visit page shows the same flag.
  await page.goto(`/visits/${v.visitId}`);
  await expect(page.getByTestId("dea-flag")).toContainText("Relies on DEA telemedicine flexibilities");

  // Recording that the clinician saw the patient in person clears it.
  await page.goto(`/patients/${v.patientId}`);
  const section = page.getByRole("region", { name: "In-person evaluations" });
  await section.locator("summary", { hasText: "Record an in-person evaluation" }).click();
  await expect(section.getByLabel("Clinician who saw the patient")).toHaveValue(/[0-9a-f-]{36}/);
  await section.getByLabel("Note (optional)").fill("Seen at the clinic office");
  await section.getByRole("button", { name: "Record in-person evaluation" }).click();
  await expect(section.getByText("In-person evaluation recorded.")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("dea-flag")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "In-person evaluations" })).toContainText(`seen by ${v.clinicianName}`);
  await expectAccessible(page, "chart after the in-person evaluation");

  // Entered in error: withdrawn with a reason, it stays listed and the flag comes back.
  const again = page.getByRole("region", { name: "In-person evaluations" });
  await again.locator("summary", { hasText: "Entered in error? Withdraw it" }).click();
  await again.getByRole("button", { name: "Withdraw this evaluation" }).click();
  await expect(again.getByText(/Reason: say why this record is wrong/).first()).toBeVisible();
  await again.getByLabel(/Why is the record of .* wrong\?/).fill("Recorded for the wrong patient");
  await again.getByRole("button", { name: "Withdraw this evaluation" }).click();
  // The row re-renders as withdrawn (the form goes away with the row's open state).
  await expect(page.getByTestId("in-person-evaluation")).toContainText("It does not count for the DEA flag.");
  await page.reload();
  await expect(page.getByTestId("in-person-evaluation")).toContainText(`Withdrawn by ${v.clinicianName}`);
  await expect(page.getByTestId("in-person-evaluation")).toContainText("Recorded for the wrong patient");
  await expect(page.getByTestId("dea-flag").first()).toContainText("Relies on DEA telemedicine flexibilities");
  await expectAccessible(page, "chart after withdrawing the evaluation");
});
