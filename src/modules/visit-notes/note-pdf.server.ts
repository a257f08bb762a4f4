import "server-only";
import { formatDateTimeInZone } from "../patients/core/format";
import PDFDocument from "pdfkit";
import { audioOnlyReasons, participantRoles, virtualReasons, type Participant } from "./core/note-rules";
import { describeTimesProvenance } from "./core/note-times";
import { reviewedLines } from "../care-program/core/huddle";
import type { NoteView } from "./get-visit-note.server";

/** A signed note as a PDF (pdfkit's built-in Helvetica; no files fetched). */
export function renderNotePdf(view: NoteView): Promise<Buffer> {
  const { visit, note, timeZone: tz } = view;
  const doc = new PDFDocument({
    size: "LETTER",
    margin: 54,
    info: { Title: `Visit note ${visit.mrn}`, Author: note.signedBy ?? "" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const h = (t: string) => doc.moveDown(0.6).font("Helvetica-Bold").fontSize(12).text(t).font("Helvetica").fontSize(10);
  const row = (label: string, value: string) =>
    doc.font("Helvetica-Bold").text(`${label}: `, { continued: true }).font("Helvetica").text(value);

  doc.font("Helvetica-Bold").fontSize(16).text("Virtual visit note");
  doc.font("Helvetica").fontSize(10).text(`${visit.patientName} · DOB ${visit.birthDate} · MRN ${visit.mrn}`);
  doc.text(
    `Clinician: ${visit.clinicianName} · Visit: ${formatDateTimeInZone(visit.startsAt, tz)} · Reason: ${visit.reason}`,
  );
  doc.text(`Signed by ${note.signedBy ?? "-"} on ${formatDateTimeInZone(note.signedAt, tz)}`);

  if (view.licensure && view.licensure.check.status === "WARNING") {
    h("Licensure warning");
    doc.text(view.licensure.check.message);
    doc.text(
      `Clinician's licensed states on record: ${view.licensure.licensedStates.length ? view.licensure.licensedStates.join(", ") : "none"}.`,
    );
  }

  h("Telehealth header");
  row(
    "Modality",
    note.modalityUsed === "AUDIO_VIDEO" ? `Audio-video (${note.platform ?? "platform not named"})` : "Audio-only",
  );
  if (note.modalityUsed === "AUDIO_ONLY")
    row("Why audio-only", note.audioOnlyReason ? audioOnlyReasons[note.audioOnlyReason] : "-");
  row(
    "Consent",
    view.consent.state === "valid"
      ? `${view.consentKind === "VIDEO" ? "Video" : "Telephone"} consent on file`
      : "See consent record",
  );
  row(
    "Why virtual",
    [
      ...note.virtualReasons.map((r) => virtualReasons[r as keyof typeof virtualReasons] ?? r),
      ...(note.virtualReasonOther ? [note.virtualReasonOther] : []),
    ].join("; ") || "-",
  );
  row(
    "Patient location",
    `${note.patientLocation ?? ""}${note.patientLocation ? ", " : ""}${note.patientState ?? ""}${note.patientAtHome ? " (at home)" : ""}`,
  );
  row("Clinician location", note.clinicianLocation ?? "-");
  row(
    "Participants",
    note.participants.length
      ? note.participants.map((p: Participant) => `${p.name} (${participantRoles[p.role]})`).join(", ")
      : "Patient and clinician only",
  );
  row("Time", `${formatDateTimeInZone(note.startedAt, tz)} to ${formatDateTimeInZone(note.endedAt, tz)}`);
  if (note.startSource && note.endSource) {
    doc
      .fontSize(9)
      .text(
        describeTimesProvenance({
          startSource: note.startSource,
          endSource: note.endSource,
          recordedStart: formatDateTimeInZone(note.recordedStartedAt, tz),
          recordedEnd: formatDateTimeInZone(note.recordedEndedAt, tz),
          reason: note.timesReason,
        }),
      )
      .fontSize(10);
  }
  row("Limits of the remote exam", note.examLimits ?? "-");
  if (note.homeObservations) row("Home setting", note.homeObservations);
  if (view.assessments.length)
    row(
      "Pre-visit measures",
      view.assessments
        .map((a) => `${a.instrument === "PHQ9" ? "PHQ-9" : "PEG"} ${a.display}${a.safetyFlag ? " (item 9 > 0)" : ""}`)
        .join("; "),
    );

  const reviewed = reviewedLines(view.reviewed);
  if (reviewed.length) {
    h("Reviewed before the visit");
    for (const l of reviewed) row(l.label, l.text);
  }

  h("Assessment");
  doc.text(note.assessment ?? "");
  h("Plan");
  doc.text(note.plan ?? "");
  h("Billing");
  row(
    "Code",
    `${note.billingCode ?? "-"} · modifier ${note.billingModifier ?? "-"} · place of service ${note.placeOfService ?? "-"}`,
  );
  if (note.billingOverrideReason) row("Changed from the suggestion because", note.billingOverrideReason);
  row(
    "New or established",
    `${note.newPatient ? "New patient" : "Established patient"}${note.patientStatusBasis ? ` (${note.patientStatusBasis})` : ""}`,
  );
  if (note.newPatientOverrideReason) row("Changed from the clinic's history because", note.newPatientOverrideReason);
  if (note.billingRule) doc.fontSize(8).fillColor("#444").text(note.billingRule).fillColor("black").fontSize(10);
  if (view.addenda.length) {
    h("Addenda");
    for (const a of view.addenda)
      doc
        .font("Helvetica-Bold")
        .text(`${a.author}, ${formatDateTimeInZone(a.at, tz)}`)
        .font("Helvetica")
        .text(a.text)
        .moveDown(0.3);
  }
  doc.end();
  return done;
}
