/**
 * Crisis resources shown at once when PHQ-9 item 9 is above 0 (docs/clinical-reference.md#phq-9-item-9-safety-event):
 * 988 Suicide & Crisis Lifeline (call or text) and 911 for emergencies. Plain words.
 */
export const crisisResources = {
  heading: "If you are thinking about hurting yourself, please get help now",
  lines: [
    { label: "Call 988", href: "tel:988", detail: "Suicide & Crisis Lifeline. Free, any time, day or night." },
    { label: "Text 988", href: "sms:988", detail: "Send a text message to talk with someone." },
    { label: "Call 911", href: "tel:911", detail: "If you are in danger right now." },
  ],
  careTeam: "We have told your care team about your answers. Someone from the clinic will contact you.",
} as const;
