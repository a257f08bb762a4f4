import { formatLocalDate, type LocalDate } from "./dates";
import type { RuleSource } from "./rules";

/** What every family of care-gap rules uses: the sources it cites, the date in words, the latest record. */

const CDC_2022_URL = "https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm";
export const cdc2022 = (rec: string): RuleSource => ({
  citation: `CDC Clinical Practice Guideline for Prescribing Opioids for Pain - United States, 2022 (MMWR Recomm Rep 2022;71(RR-3)), ${rec}`,
  url: CDC_2022_URL,
});
export const SIX_BUILDING_BLOCKS_URL = "https://www.improvingopioidcare.org";

export const on = formatLocalDate;

export const latestBy = <T>(xs: readonly T[], date: (x: T) => LocalDate): T | null => {
  let best: T | null = null;
  for (const x of xs) if (best === null || date(x) >= date(best)) best = x;
  return best;
};
