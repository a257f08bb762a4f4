import { catalogDrug, isDrugKey, type DrugKey } from "@/modules/udt/core/medication-catalog";

/**
 * What the care program needs to know about each drug of the clinic's medication catalog, beyond
 * what the catalog already says (opioid or not, MME factor): whether it is a benzodiazepine
 * (docs/clinical-reference.md#gap-opioid-with-benzodiazepine), naloxone
 * (docs/clinical-reference.md#gap-naloxone-indicated), and its federal DEA schedule
 * (docs/clinical-reference.md#controlled-substance-schedules). `satisfies Record<DrugKey, ...>`
 * makes a drug added to the catalog fail to compile until it is classified here.
 */
export type DeaSchedule = "II" | "III" | "IV" | "V";
type DrugClass = { benzodiazepine: boolean; naloxone: boolean; deaSchedule: DeaSchedule | null };

const no = { benzodiazepine: false, naloxone: false } as const;
const benzo = { benzodiazepine: true, naloxone: false, deaSchedule: "IV" } as const;

export const drugClasses = {
  codeine: { ...no, deaSchedule: "II" },
  fentanyl_patch: { ...no, deaSchedule: "II" },
  hydrocodone: { ...no, deaSchedule: "II" },
  hydromorphone: { ...no, deaSchedule: "II" },
  methadone: { ...no, deaSchedule: "II" },
  morphine: { ...no, deaSchedule: "II" },
  oxycodone: { ...no, deaSchedule: "II" },
  oxymorphone: { ...no, deaSchedule: "II" },
  tapentadol: { ...no, deaSchedule: "II" },
  tramadol: { ...no, deaSchedule: "IV" },
  buprenorphine: { ...no, deaSchedule: "III" },
  alprazolam: benzo,
  clonazepam: benzo,
  diazepam: benzo,
  lorazepam: benzo,
  amphetamine_salts: { ...no, deaSchedule: "II" },
  dronabinol: { ...no, deaSchedule: "III" },
  // Not federally controlled (some states schedule it; the clinic's state rules are not modelled).
  gabapentin: { ...no, deaSchedule: null },
  pregabalin: { ...no, deaSchedule: "V" },
  duloxetine: { ...no, deaSchedule: null },
  acetaminophen: { ...no, deaSchedule: null },
  ibuprofen: { ...no, deaSchedule: null },
  naproxen: { ...no, deaSchedule: null },
  naloxone: { benzodiazepine: false, naloxone: true, deaSchedule: null },
  other_non_opioid: { ...no, deaSchedule: null },
} as const satisfies Record<DrugKey, DrugClass>;

export type DrugProfile = {
  /** An opioid that counts for LTOT, MME and co-prescribing: the catalog's opioids, never naloxone. */
  opioid: boolean;
  benzodiazepine: boolean;
  naloxone: boolean;
  deaSchedule: DeaSchedule | null;
};

const UNKNOWN: DrugProfile = { opioid: false, benzodiazepine: false, naloxone: false, deaSchedule: null };

/** A drug key not in the catalog (an old row) is treated as nothing in particular. */
export function drugProfile(drugKey: string): DrugProfile {
  if (!isDrugKey(drugKey)) return UNKNOWN;
  const c: DrugClass = drugClasses[drugKey];
  return {
    opioid: catalogDrug(drugKey).opioid && !c.naloxone,
    benzodiazepine: c.benzodiazepine,
    naloxone: c.naloxone,
    deaSchedule: c.deaSchedule,
  };
}
