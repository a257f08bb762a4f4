import type { Substance } from "./substances";

/**
 * Medications the clinic records, with what a urine test is expected to show for each.
 * `mmeFactor`: CDC 2022 Clinical Practice Guideline for Prescribing Opioids for Pain, Table
 * "Morphine milligram equivalent doses and conversion factors" (as listed in docs/clinical-reference.md#mme-conversion).
 * Buprenorphine is an opioid but is deliberately excluded from MME (CDC 2022: its partial
 * agonism makes the MME misleading). `expects`: the parent drug first, then metabolites that
 * may also appear (Kale, Am Fam Physician 2019, Table 3), e.g. codeine -> morphine.
 */
export type CatalogDrug = {
  label: string;
  opioid: boolean;
  /** null = not an opioid, or an opioid excluded from MME (buprenorphine). */
  mmeFactor: number | null;
  /** mg per dose for most; the fentanyl patch is dosed in mcg/h. */
  unit: "mg" | "mcg/h";
  expects: readonly Substance[];
};

export const medicationCatalog = {
  codeine: { label: "Codeine", opioid: true, mmeFactor: 0.15, unit: "mg", expects: ["codeine", "morphine"] },
  fentanyl_patch: {
    label: "Fentanyl transdermal patch",
    opioid: true,
    mmeFactor: 2.4,
    unit: "mcg/h",
    expects: ["fentanyl"],
  },
  hydrocodone: {
    label: "Hydrocodone",
    opioid: true,
    mmeFactor: 1,
    unit: "mg",
    expects: ["hydrocodone", "hydromorphone"],
  },
  hydromorphone: { label: "Hydromorphone", opioid: true, mmeFactor: 5, unit: "mg", expects: ["hydromorphone"] },
  methadone: { label: "Methadone", opioid: true, mmeFactor: 4.7, unit: "mg", expects: ["methadone"] },
  morphine: { label: "Morphine", opioid: true, mmeFactor: 1, unit: "mg", expects: ["morphine"] },
  oxycodone: { label: "Oxycodone", opioid: true, mmeFactor: 1.5, unit: "mg", expects: ["oxycodone", "oxymorphone"] },
  oxymorphone: { label: "Oxymorphone", opioid: true, mmeFactor: 3, unit: "mg", expects: ["oxymorphone"] },
  tapentadol: { label: "Tapentadol", opioid: true, mmeFactor: 0.4, unit: "mg", expects: ["tapentadol"] },
  tramadol: { label: "Tramadol", opioid: true, mmeFactor: 0.2, unit: "mg", expects: ["tramadol"] },
  buprenorphine: { label: "Buprenorphine", opioid: true, mmeFactor: null, unit: "mg", expects: ["buprenorphine"] },
  alprazolam: { label: "Alprazolam", opioid: false, mmeFactor: null, unit: "mg", expects: ["benzodiazepines"] },
  clonazepam: { label: "Clonazepam", opioid: false, mmeFactor: null, unit: "mg", expects: ["benzodiazepines"] },
  diazepam: { label: "Diazepam", opioid: false, mmeFactor: null, unit: "mg", expects: ["benzodiazepines"] },
  lorazepam: { label: "Lorazepam", opioid: false, mmeFactor: null, unit: "mg", expects: ["benzodiazepines"] },
  amphetamine_salts: {
    label: "Amphetamine salts",
    opioid: false,
    mmeFactor: null,
    unit: "mg",
    expects: ["amphetamines"],
  },
  dronabinol: { label: "Dronabinol", opioid: false, mmeFactor: null, unit: "mg", expects: ["cannabinoids"] },
  gabapentin: { label: "Gabapentin", opioid: false, mmeFactor: null, unit: "mg", expects: ["gabapentin"] },
  pregabalin: { label: "Pregabalin", opioid: false, mmeFactor: null, unit: "mg", expects: [] },
  duloxetine: { label: "Duloxetine", opioid: false, mmeFactor: null, unit: "mg", expects: [] },
  acetaminophen: { label: "Acetaminophen", opioid: false, mmeFactor: null, unit: "mg", expects: [] },
  ibuprofen: { label: "Ibuprofen", opioid: false, mmeFactor: null, unit: "mg", expects: [] },
  naproxen: { label: "Naproxen", opioid: false, mmeFactor: null, unit: "mg", expects: [] },
  naloxone: { label: "Naloxone (rescue)", opioid: false, mmeFactor: null, unit: "mg", expects: [] },
  other_non_opioid: { label: "Other (not an opioid)", opioid: false, mmeFactor: null, unit: "mg", expects: [] },
} as const satisfies Record<string, CatalogDrug>;

export type DrugKey = keyof typeof medicationCatalog;
export const drugKeys = Object.keys(medicationCatalog) as DrugKey[];
export function isDrugKey(s: string): s is DrugKey {
  return Object.hasOwn(medicationCatalog, s);
}
export function catalogDrug(key: DrugKey): CatalogDrug {
  return medicationCatalog[key];
}
