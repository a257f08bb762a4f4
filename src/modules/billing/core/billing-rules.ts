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

/** A family of four consecutive codes from `first`, each level from its minimum total minutes. */
function family(name: string, first: number, minMinutes: readonly [number, number, number, number]): Family {
  return { name, levels: minMinutes.map((m, i) => ({ code: String(first + i), minMinutes: m })) };
}

// Minimum total minutes for each level (CPT 2025; the 98xxx levels mirror 99202-99215).
const NEW_MINUTES = [15, 30, 45, 60] as const;
const ESTABLISHED_MINUTES = [10, 20, 30, 40] as const;

export const families: Record<
  "MEDICARE_NEW" | "MEDICARE_ESTABLISHED" | "AV_NEW" | "AV_ESTABLISHED" | "AO_NEW" | "AO_ESTABLISHED",
  Family
> = {
  MEDICARE_NEW: family("99202-99205 (office/outpatient E/M, new)", 99202, NEW_MINUTES),
  MEDICARE_ESTABLISHED: family("99212-99215 (office/outpatient E/M, established)", 99212, ESTABLISHED_MINUTES),
  AV_NEW: family("98000-98003 (telemedicine audio-video, new)", 98000, NEW_MINUTES),
  AV_ESTABLISHED: family("98004-98007 (telemedicine audio-video, established)", 98004, ESTABLISHED_MINUTES),
  AO_NEW: family("98008-98011 (telemedicine audio-only, new)", 98008, NEW_MINUTES),
  // Audio-only established: more than 10 minutes of medical discussion, so the first level starts at 11.
  AO_ESTABLISHED: family("98012-98015 (telemedicine audio-only, established)", 98012, [11, 20, 30, 40]),
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
