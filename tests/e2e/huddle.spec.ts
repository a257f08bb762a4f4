import { randomUUID } from "node:crypto";
import { DEMO_PASSWORD, expect, expectAccessible, signInWithRequest, test } from "./fixtures";
import { makeVideoVisit, withDb } from "./video-data";

const clinicianOf = async (visitId: string) =>
  (await withDb((c) => c.query<{ clinicianId: string }>(`SELECT "clinicianId" FROM "Visit" WHERE id = $1`, [visitId])))
    .rows[0]!.clinicianId;

/**
 * Issue 12 (pre-visit huddle): a clinician opens Today and sees, for a patient on long-term opioid
 * therapy, the open care gaps in "Before this visit"; documents a PDMP check and a naloxone offer;
 * both gaps close at once, and both appear in the visit note's "Reviewed before the visit". The
 * patient, the clinician and the visit are this test's own (not demo data): a video visit soon,
 * and oxycodone 20 mg twice a day (60 MME/day) for 200 days with nothing else on record, so PEG,
 * PHQ-9, UDT, agreement, PDMP and naloxone are all due.
 */
test("clinician: Before this visit on Today, documents PDMP and naloxone, gaps close, the note shows them", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const v = await makeVideoVisit({ startsInMinutes: 5 });
  await withDb((c) =>
    c.query(
      `INSERT INTO "Medication" (id, "patientId", "drugKey", name, "doseAmount", "doseUnit", "timesPerDay", route, "startedOn", prescriber, "isOpioid", "createdById", "updatedAt")
       SELECT $1, $2, 'oxycodone', 'Oxycodone 20 mg tablet', 20, 'mg', 2, 'ORAL', (now() - interval '200 days')::date, 'Dr. Huddle', true, "clinicianId", now() FROM "Visit" WHERE id = $3`,
      [randomUUID(), v.patientId, v.visitId],
    ),
  );
  // The visit's clinician is the patient's clinician (the registry's clinician filter reads it).
  await withDb((c) =>
    c.query(
      `UPDATE "Patient" SET "primaryClinicianId" = (SELECT "clinicianId" FROM "Visit" WHERE id = $2) WHERE id = $1`,
      [v.patientId, v.visitId],
    ),
  );
  const res = await signInWithRequest(page.context().request, v.clinicianEmail, DEMO_PASSWORD);
  expect(res.status()).toBe(302);

  await page.goto("/today");
  const panel = page.getByRole("region", { name: new RegExp(`Before this visit with ${v.patientName}`) });
  await expect(panel).toBeVisible();
  const gaps = panel.getByRole("list", { name: `Open care gaps for ${v.patientName}` }).getByRole("listitem");
  await expect(gaps.filter({ hasText: "PDMP check due" })).toHaveCount(1);
  await expect(gaps.filter({ hasText: "Naloxone indicated" })).toHaveCount(1);
  await expect(gaps.filter({ hasText: "Urine drug test due" })).toHaveCount(1);
  expect(await gaps.count()).toBeGreaterThanOrEqual(3);
  await expectAccessible(page, "Today with Before this visit");

  // PDMP: the date defaults to today and the state to where the patient is (WA).
  await panel.locator("summary", { hasText: "Document the PDMP check" }).click();
  await expect(panel.getByLabel("State's PDMP")).toHaveValue("WA");
  await panel.getByLabel("Consistent with the prescribed medications").check();
  await panel.getByRole("button", { name: "Save PDMP check" }).click();
  await expect(gaps.filter({ hasText: "PDMP check due" })).toHaveCount(0);

  await panel.locator("summary", { hasText: "Document naloxone" }).click();
  await panel.getByLabel("Offered").check();
  await panel.getByLabel("Naloxone note").fill("Nasal spray, showed the patient how to use it");
  await panel.getByRole("button", { name: "Save naloxone" }).click();
  await expect(gaps.filter({ hasText: "Naloxone indicated" })).toHaveCount(0);
  await expect(gaps.filter({ hasText: "Urine drug test due" })).toHaveCount(1);
  const documented = panel.getByRole("list", { name: "Documented for this visit" });
  await expect(documented).toContainText("PDMP: Checked");
  await expect(documented).toContainText("Naloxone: Offered");
  await expectAccessible(page, "Today after documenting");

  // The registry reads the same rules at once: the patient left "PDMP check due" and "Naloxone
  // indicated", and is still under "Urine drug test due".
  const inRegistry = async (gap: string) => {
    await page.goto(`/registry?gap=${gap}&clinician=${encodeURIComponent(await clinicianOf(v.visitId))}`);
    await expect(page.getByRole("heading", { level: 1, name: "LTOT registry" })).toBeVisible();
    return page.locator(`table a[href="/patients/${v.patientId}"]`).count();
  };
  expect(await inRegistry("udt-due")).toBe(1);
  expect(await inRegistry("pdmp-due")).toBe(0);
  expect(await inRegistry("naloxone-indicated")).toBe(0);

  // Upcoming visits: the compact count with the gaps' names.
  await page.goto(`/visits?clinicianId=${encodeURIComponent(await clinicianOf(v.visitId))}`);
  const row = page.getByRole("row").filter({ hasText: v.patientName });
  await expect(row.getByRole("link", { name: /open gaps?/ })).toContainText("Urine drug test due");
  await expect(row).not.toContainText("PDMP check due");
  await expectAccessible(page, "Upcoming visits with Before this visit");

  // The visit page has the same panel; the note carries what was reviewed.
  await page.goto(`/visits/${v.visitId}`);
  await expect(page.getByRole("region", { name: new RegExp(`Before this visit with ${v.patientName}`) })).toBeVisible();
  await expectAccessible(page, "visit page with Before this visit");
  // The video room's side panel (the call is not opened here; tests/e2e/video.spec.ts runs it).
  await page.goto(`/visits/${v.visitId}/room`);
  const side = page.getByRole("complementary", { name: "Patient information" });
  await expect(side.getByRole("region", { name: new RegExp(`Before this visit with ${v.patientName}`) })).toContainText(
    "Urine drug test due",
  );
  await expectAccessible(page, "video room with Before this visit");
  await page.goto(`/visits/${v.visitId}/note`);
  const reviewed = page.getByRole("region", { name: "Reviewed before the visit" });
  await expect(reviewed).toContainText(/PDMP: Checked .* \(WA\): consistent with the prescribed medications/);
  await expect(reviewed).toContainText(/Naloxone: Offered .*Note: Nasal spray, showed the patient how to use it/);
  await expectAccessible(page, "visit note with Reviewed before the visit");
});
