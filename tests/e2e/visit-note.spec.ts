import { expect, expectAccessible, loginAs, test } from "./fixtures";

/** A wall-clock "YYYY-MM-DDTHH:mm" moved by some minutes (read as naive time: no zone involved). */
function shiftLocal(local: string, minutes: number): string {
  const d = new Date(`${local}:00Z`);
  return new Date(d.getTime() + minutes * 60_000).toISOString().slice(0, 16);
}

/**
 * Issue 5 journey: a clinician opens a phone visit without consent, records verbal consent,
 * calls the patient, documents the audio-only visit (with its reason), signs, adds an addendum
 * and exports a PDF. The billing suggestion matches the rule; a signed note offers no way to edit
 * it. Issue 10: the note's times start from the recorded call (a future end is refused, a changed
 * start needs a reason), new or established comes from the clinic's history, and signing
 * completes the visit in progress.
 */
test("clinician documents a phone visit: consent, call, header, sign, addendum, PDF", async ({ page }) => {
  test.setTimeout(180_000); // a long journey; bounded for a loaded machine
  await loginAs(page, "clinician2");
  // The coordinators' work list shows the visit as missing consent until it is recorded.
  await page.goto("/work/consents");
  await expect(page.getByRole("row").filter({ hasText: "Patricia Brown" })).toBeVisible();
  await expectAccessible(page, "consents missing");
  await page.goto("/visits");
  await page.getByRole("row").filter({ hasText: "Patricia Brown" }).getByRole("link").first().click();
  await expect(page.getByText("No valid telephone consent is on file")).toBeVisible();
  const visitUrl = page.url();
  await page.getByRole("link", { name: "record consent on the chart" }).click();
  const consent = page.getByRole("region", { name: "Telehealth consent" });
  await consent.locator("summary", { hasText: "Record verbal consent" }).click();
  await consent.getByLabel("Consent to").selectOption("PHONE");
  // Another test may have published a newer version: pick whichever telephone text is current.
  const phoneText = await consent
    .getByLabel("Text that was read")
    .locator("option", { hasText: "Telephone consent" })
    .textContent();
  await consent.getByLabel("Text that was read").selectOption({ label: phoneText! });
  await consent.getByRole("button", { name: "Record verbal consent" }).click();
  await expect(consent.getByText("Telephone: On file")).toBeVisible();
  await page.goto("/work/consents");
  await expect(page.getByRole("row").filter({ hasText: "Patricia Brown" })).toHaveCount(0);
  // Back to the visit by its address (history navigation races the server action's refresh).
  await page.goto(visitUrl);
  await expect(page.getByText("No valid telephone consent is on file")).toHaveCount(0);
  // The clinician calls: the app records the call's start.
  await page.getByRole("button", { name: "Call now (start)" }).click();
  await expect(page.getByText("Visit started.")).toBeVisible();
  await page.getByRole("link", { name: "Visit note" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Visit note: Patricia Brown/ })).toBeVisible();
  await expect(
    page.getByText(
      /Recorded by the app: call started .* not ended yet \(the visit is in progress: signing completes it\)/,
    ),
  ).toBeVisible();
  // No earlier visit that took place: the clinic's history makes her a new patient, with the rule shown.
  await expect(page.locator("#patientStatus-basis")).toContainText(
    "New patient: no earlier professional service from this clinic.",
  );
  await expect(page.locator("#patientStatus-basis")).toContainText("3 years");
  await expect(page.getByLabel("New patient (from the clinic's history)")).toBeChecked();
  await expectAccessible(page, "note form");

  // Signing an incomplete note explains what is missing and keeps what was typed.
  await page.getByLabel("Assessment").fill("Chronic neck pain, stable on current regimen.");
  await page.getByRole("button", { name: "Sign and lock" }).click();
  await expect(page.getByText("Not signed yet - please complete")).toBeVisible();
  await expect(page.locator("#audioOnlyReason-error")).toHaveText(/Say why the visit was audio-only/);
  await expect(page.getByLabel("Assessment")).toHaveValue("Chronic neck pain, stable on current regimen.");

  await page.getByLabel("If audio-only: why").selectOption("PATIENT_LACKS_VIDEO");
  await page.getByLabel("Mobility or pain limits travel").check();
  await page.getByLabel("Your location").fill("Clinic office, Missoula MT");
  // The start is the recorded call start; an end 22 minutes later has not happened yet.
  const recordedStart = await page.getByLabel(/^Start/).inputValue();
  expect(recordedStart).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  await page.getByLabel(/^End/).fill(shiftLocal(recordedStart, 22));
  await page.getByRole("button", { name: "Sign and lock" }).click();
  await expect(page.locator("#endedAt-error")).toHaveText(/The end time is in the future/);
  // The call began before "Call" was pressed: a start earlier than recorded needs a reason.
  await page.getByLabel(/^Start/).fill(shiftLocal(recordedStart, -22));
  await page.getByLabel(/^End/).fill(recordedStart);
  await page.getByRole("button", { name: "Sign and lock" }).click();
  await expect(page.locator("#timesReason-error")).toHaveText(/differ from the recorded call times: give a reason/);
  await page
    .getByLabel("Reason if the times differ from the recorded ones")
    .fill("Dialled from the desk phone before pressing Call");
  await page.getByLabel("Person 1 name").fill("Tom Brown");
  await page.getByLabel("Person 1 role").selectOption("caregiver");
  await page.getByLabel("Limits of the remote exam").fill("Audio only: no inspection or palpation.");
  await page.getByLabel("Plan").fill("Continue home exercise; PT referral; follow up in 4 weeks.");
  // New patient, commercial, audio-only, 22 min -> 98008, modifier 93, POS 10.
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();
  await expect(page.getByText("Suggested: 98008")).toBeVisible();
  await expect(page.getByText("Audio-only visit: modifier 93")).toBeVisible();
  await page.getByLabel("Code to bill").fill("98008");
  await page.getByRole("button", { name: "Sign and lock" }).click();
  await expect(page.getByText("Note signed and locked.")).toBeVisible();
  await expect(page.getByText("98008 · modifier 93 · place of service 10")).toBeVisible();
  await expect(page.getByText("Tom Brown (Caregiver)")).toBeVisible();
  await expect(
    page.getByText(
      /Start changed from the recorded time, end entered by the clinician .*Reason: Dialled from the desk phone before pressing Call\./,
    ),
  ).toBeVisible();
  await expect(page.getByText("New patient: no earlier professional service from this clinic.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign and lock" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);
  await expectAccessible(page, "signed note");

  await page.getByLabel("Addendum").fill("Patient called back: PT start date confirmed.");
  await page.getByRole("button", { name: "Add addendum" }).click();
  await expect(page.getByText("Patient called back: PT start date confirmed.")).toBeVisible();

  // Signing completed the visit: its page says so, and its history shows the step.
  const noteUrl = page.url();
  await page.getByRole("link", { name: "Back to the visit" }).click();
  await expect(page.getByRole("region", { name: "Details" }).getByText("Completed")).toBeVisible();
  await expect(page.getByText("This visit is completed; no further steps.")).toBeVisible();
  await expect(
    page.getByRole("region", { name: "History" }).getByText(/complete .*Completed · by .*Visit note signed/),
  ).toBeVisible();
  await page.goto(noteUrl);

  const pdf = await page.request.get(
    await page
      .getByRole("link", { name: "Download PDF" })
      .getAttribute("href")
      .then((h) => h!),
  );
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
});

test("patients cannot fetch a note PDF", async ({ page }) => {
  await loginAs(page, "patient");
  const res = await page.request.get("/api/visits/00000000-0000-4000-8000-000000000000/note-pdf");
  expect([403, 404]).toContain(res.status());
});
