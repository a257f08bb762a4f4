/**
 * Billing suggestions for a virtual visit (US, 2025-2026). Rules as data, from
 * docs/clinical-reference.md#telehealth-billing:
 * - place of service 10 when the patient is at home, 02 elsewhere;
 * - modifier 95 audio-video, 93 audio-only (per payer profile);
 * - CPT 2025 telemedicine codes 98000-98003 (new, audio-video), 98004-98007 (established,
 *   audio-video), 98008-98011 (new, audio-only), 98012-98015 (established, audio-only, more than
 *   10 minutes of medical discussion), 98016 brief virtual check-in; Medicare bills 99202-99215.
 * The level within a family is suggested from total time (CPT time thresholds); the clinician
 * confirms it against medical decision making and can override with a reason.
 */
export type Modality = "AUDIO_VIDEO" | "AUDIO_ONLY";
export type PayerProfile = "MEDICARE" | "COMMERCIAL";
export type BillingInput = {
  modality: Modality;
  newPatient: boolean;
  totalMinutes: number;
  payer: PayerProfile;
  patientAtHome: boolean;
};
export type BillingSuggestion = {
  placeOfService: "10" | "02";
  modifier: "95" | "93" | null;
  codeFamily: string;
  code: string | null;
  rules: string[];
};

type Level = { code: string; minMinutes: number };
type Family = { name: string; levels: Level[] };

// Minimum total minutes for each level (CPT 2025; the 98xxx levels mirror 99202-99215).
export const families: Record<
  "MEDICARE_NEW" | "MEDICARE_ESTABLISHED" | "AV_NEW" | "AV_ESTABLISHED" | "AO_NEW" | "AO_ESTABLISHED",
  Family
> = {
  MEDICARE_NEW: {
    name: "99202-99205 (office/outpatient E/M, new)",
    levels: [
      { code: "99202", minMinutes: 15 },
      { code: "99203", minMinutes: 30 },
      { code: "99204", minMinutes: 45 },
      { code: "99205", minMinutes: 60 },
    ],
  },
  MEDICARE_ESTABLISHED: {
    name: "99212-99215 (office/outpatient E/M, established)",
    levels: [
      { code: "99212", minMinutes: 10 },
      { code: "99213", minMinutes: 20 },
      { code: "99214", minMinutes: 30 },
      { code: "99215", minMinutes: 40 },
    ],
  },
  AV_NEW: {
    name: "98000-98003 (telemedicine audio-video, new)",
    levels: [
      { code: "98000", minMinutes: 15 },
      { code: "98001", minMinutes: 30 },
      { code: "98002", minMinutes: 45 },
      { code: "98003", minMinutes: 60 },
    ],
  },
  AV_ESTABLISHED: {
    name: "98004-98007 (telemedicine audio-video, established)",
    levels: [
      { code: "98004", minMinutes: 10 },
      { code: "98005", minMinutes: 20 },
      { code: "98006", minMinutes: 30 },
      { code: "98007", minMinutes: 40 },
    ],
  },
  AO_NEW: {
    name: "98008-98011 (telemedicine audio-only, new)",
    levels: [
      { code: "98008", minMinutes: 15 },
      { code: "98009", minMinutes: 30 },
      { code: "98010", minMinutes: 45 },
      { code: "98011", minMinutes: 60 },
    ],
  },
  AO_ESTABLISHED: {
    name: "98012-98015 (telemedicine audio-only, established)",
    levels: [
      { code: "98012", minMinutes: 11 },
      { code: "98013", minMinutes: 20 },
      { code: "98014", minMinutes: 30 },
      { code: "98015", minMinutes: 40 },
    ],
  },
};

export const BRIEF_CHECK_IN = "98016";

function pickLevel(f: Family, minutes: number): string | null {
  let code: string | null = null;
  for (const l of f.levels) if (minutes >= l.minMinutes) code = l.code;
  return code;
}

export function suggestBilling(input: BillingInput): BillingSuggestion {
  const rules: string[] = [];
  const placeOfService = input.patientAtHome ? "10" : "02";
  rules.push(
    input.patientAtHome ? "Patient at home: place of service 10." : "Patient not at home: place of service 02.",
  );
  const modifier = input.modality === "AUDIO_VIDEO" ? "95" : "93";
  rules.push(
    input.modality === "AUDIO_VIDEO"
      ? "Audio-video visit: modifier 95."
      : "Audio-only visit: modifier 93 (the note must say why audio-only was used).",
  );

  let familyKey: keyof typeof families;
  if (input.payer === "MEDICARE") {
    familyKey = input.newPatient ? "MEDICARE_NEW" : "MEDICARE_ESTABLISHED";
    rules.push("Medicare payer: bill office/outpatient E/M 99202-99215 with the telehealth modifier.");
  } else {
    familyKey =
      input.modality === "AUDIO_VIDEO"
        ? input.newPatient
          ? "AV_NEW"
          : "AV_ESTABLISHED"
        : input.newPatient
          ? "AO_NEW"
          : "AO_ESTABLISHED";
    rules.push("Commercial payer: CPT 2025 telemedicine codes 98000-98015.");
  }
  const family = families[familyKey];
  let code = pickLevel(family, input.totalMinutes);
  let codeFamily = family.name;
  if (!code) {
    if (input.payer === "COMMERCIAL" && !input.newPatient && input.totalMinutes >= 5) {
      code = BRIEF_CHECK_IN;
      codeFamily = "98016 (brief virtual check-in)";
      rules.push(
        `Under the family's minimum time (${family.levels[0]!.minMinutes} min): brief virtual check-in 98016.`,
      );
    } else {
      rules.push(
        `Total time ${input.totalMinutes} min is under the family's minimum (${family.levels[0]!.minMinutes} min): choose a level by medical decision making.`,
      );
    }
  } else {
    rules.push(`Level by total time (${input.totalMinutes} min): ${code}. Confirm against medical decision making.`);
  }
  return { placeOfService, modifier, codeFamily, code, rules };
}
