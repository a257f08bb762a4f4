/**
 * Which reminders a visit produces: 24 hours and 1 hour before it starts (a common pattern in
 * outpatient scheduling to cut no-shows). A reminder whose time has already passed when the visit
 * is booked is skipped, except that a visit booked less than a day ahead still gets the 1 h one.
 */
export const reminderOffsets = [
  { kind: "24h", minutesBefore: 24 * 60 },
  { kind: "1h", minutesBefore: 60 },
] as const;

export type PlannedReminder = { kind: string; sendAfter: Date };

export function planReminders(startsAt: Date, now: Date): PlannedReminder[] {
  return reminderOffsets
    .map((r) => ({ kind: r.kind, sendAfter: new Date(startsAt.getTime() - r.minutesBefore * 60_000) }))
    .filter((r) => r.sendAfter.getTime() > now.getTime());
}

/**
 * The reminder text: no PHI beyond what a reminder needs - no reason, no clinician specialty, no
 * diagnosis. Day and time in the patient's own zone, and how the visit happens.
 */
export function reminderText(r: { kind: string; modality: "VIDEO" | "PHONE"; whenLabel: string; clinicName: string; joinUrl: string | null; phoneLabel: string | null }): { subject: string; body: string } {
  const when = r.kind === "1h" ? "in about 1 hour" : "tomorrow";
  const how =
    r.modality === "VIDEO"
      ? r.joinUrl
        ? `It is a video visit. Join here a few minutes early: ${r.joinUrl}`
        : "It is a video visit. Use the link from the clinic to join a few minutes early."
      : `It is a phone visit. We will call you${r.phoneLabel ? ` at ${r.phoneLabel}` : ""}.`;
  return {
    subject: `Reminder: your ${r.clinicName} visit ${when}`,
    body: `You have a visit with ${r.clinicName} ${when}: ${r.whenLabel}.\n${how}\nIf you cannot make it, please call the clinic.`,
  };
}
