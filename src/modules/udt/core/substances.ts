/**
 * The substances a urine drug test can report, and the screening panels the clinic orders.
 * Screening immunoassays are presumptive; unexpected findings go to confirmatory GC-MS / LC-MS
 * (CDC 2022 Rec 10; Kale, Am Fam Physician 2019;99(1):33-39).
 */
export const substanceCatalog = {
  amphetamines: { label: "Amphetamines", aliases: ["amphetamine", "amp"] },
  methamphetamine: { label: "Methamphetamine", aliases: ["meth", "mamp"] },
  mdma: { label: "MDMA (ecstasy)", aliases: ["ecstasy"] },
  benzodiazepines: { label: "Benzodiazepines", aliases: ["benzodiazepine", "bzo", "benzo"] },
  barbiturates: { label: "Barbiturates", aliases: ["barbiturate", "bar"] },
  cannabinoids: { label: "Cannabinoids (THC)", aliases: ["thc", "marijuana", "cannabis"] },
  cocaine: { label: "Cocaine (benzoylecgonine)", aliases: ["coc", "benzoylecgonine"] },
  pcp: { label: "Phencyclidine (PCP)", aliases: ["phencyclidine"] },
  heroin: { label: "Heroin (6-MAM)", aliases: ["6-mam", "6-monoacetylmorphine"] },
  morphine: { label: "Morphine", aliases: [] },
  codeine: { label: "Codeine", aliases: [] },
  hydrocodone: { label: "Hydrocodone", aliases: [] },
  hydromorphone: { label: "Hydromorphone", aliases: [] },
  oxycodone: { label: "Oxycodone", aliases: ["oxy"] },
  oxymorphone: { label: "Oxymorphone", aliases: [] },
  methadone: { label: "Methadone", aliases: ["mtd"] },
  buprenorphine: { label: "Buprenorphine", aliases: ["bup"] },
  fentanyl: { label: "Fentanyl", aliases: ["fyl"] },
  tramadol: { label: "Tramadol", aliases: [] },
  tapentadol: { label: "Tapentadol", aliases: [] },
  gabapentin: { label: "Gabapentin", aliases: [] },
  ethanol: { label: "Alcohol (ethyl glucuronide)", aliases: ["alcohol", "etg", "ethyl glucuronide"] },
} as const satisfies Record<string, { label: string; aliases: readonly string[] }>;

export type Substance = keyof typeof substanceCatalog;
export const substances = Object.keys(substanceCatalog) as Substance[];

export function isSubstance(s: string): s is Substance {
  return Object.hasOwn(substanceCatalog, s);
}

/** Lab reports spell names their own way: match key, label or alias, case-insensitively. */
export function findSubstance(name: string): Substance | null {
  const n = name.trim().toLowerCase();
  if (!n) return null;
  for (const key of substances) {
    const entry = substanceCatalog[key];
    if (key === n || entry.label.toLowerCase() === n || (entry.aliases as readonly string[]).includes(n)) return key;
  }
  return null;
}

export const substanceLabel = (s: Substance): string => substanceCatalog[s].label;

export const panelCatalog = {
  CHRONIC_PAIN_STANDARD: {
    label: "Chronic pain standard panel (screening immunoassay)",
    substances: [
      "amphetamines",
      "benzodiazepines",
      "cannabinoids",
      "cocaine",
      "heroin",
      "morphine",
      "codeine",
      "hydrocodone",
      "hydromorphone",
      "oxycodone",
      "oxymorphone",
      "methadone",
      "buprenorphine",
      "fentanyl",
    ],
  },
  CHRONIC_PAIN_EXPANDED: {
    label: "Expanded panel (adds tramadol, tapentadol, methamphetamine, barbiturates, alcohol)",
    substances: [
      "amphetamines",
      "methamphetamine",
      "benzodiazepines",
      "barbiturates",
      "cannabinoids",
      "cocaine",
      "heroin",
      "morphine",
      "codeine",
      "hydrocodone",
      "hydromorphone",
      "oxycodone",
      "oxymorphone",
      "methadone",
      "buprenorphine",
      "fentanyl",
      "tramadol",
      "tapentadol",
      "ethanol",
    ],
  },
} as const satisfies Record<string, { label: string; substances: readonly Substance[] }>;

export type PanelCode = keyof typeof panelCatalog;
export const panelCodes = Object.keys(panelCatalog) as PanelCode[];
export function isPanelCode(s: string): s is PanelCode {
  return Object.hasOwn(panelCatalog, s);
}
export function panelSubstances(code: PanelCode): readonly Substance[] {
  return panelCatalog[code].substances;
}
