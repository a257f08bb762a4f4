/**
 * Crisis resources shown at once when PHQ-9 item 9 is above 0 (docs/clinical-reference.md#phq-9-item-9-safety-event):
 * 988 Suicide & Crisis Lifeline (call or text) and 911 for emergencies. The words are messages in
 * each language (src/i18n/messages, "crisis.*"): in Spanish, call 988 and press 2, or text AYUDA
 * to 988. Keys are written out whole (tests/unit/i18n-catalogs.test.ts).
 */
export const crisisLines = [
  { href: "tel:988", label: "crisis.call988", detail: "crisis.call988Detail" },
  { href: "sms:988", label: "crisis.text988", detail: "crisis.text988Detail" },
  { href: "tel:911", label: "crisis.call911", detail: "crisis.call911Detail" },
] as const;
