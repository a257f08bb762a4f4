import { formatLocalDate } from "./dates";
import type { DeaTelemedicineStatus } from "./dea";

/**
 * The words of the DEA telemedicine flag (docs/clinical-reference.md#dea-telemedicine-flag), one
 * wording for the chart, the visit, the room, the registry and the huddle. A flag never blocks
 * prescribing: it says what the prescribing relies on and what to do next. Null when there is
 * nothing to flag (no controlled medication, or an in-person evaluation on record).
 */
export type DeaFlagText = { tone: "warning" | "urgent"; headline: string; action: string; short: string };

/** Urgent from this many days left (the last month of the window). */
export const DEA_URGENT_DAYS = 30;

export function deaFlagText(s: DeaTelemedicineStatus): DeaFlagText | null {
  switch (s.status) {
    case "NO_CONTROLLED_SUBSTANCE":
    case "IN_PERSON_ON_RECORD":
      return null;
    case "RELIES_ON_FLEXIBILITY": {
      const ends = formatLocalDate(s.flexibilityEndsOn);
      const left = s.daysLeft === 1 ? "1 day left, today is the last day" : `${s.daysLeft} days left`;
      return {
        tone: s.daysLeft <= DEA_URGENT_DAYS ? "urgent" : "warning",
        headline: `Relies on DEA telemedicine flexibilities: ${left} (ends ${ends}).`,
        action: "Schedule an in-person visit with a clinician of the clinic, then record it on the chart.",
        short: s.daysLeft === 1 ? "DEA: last day" : `DEA: ${s.daysLeft} days left`,
      };
    }
    case "FLEXIBILITY_ENDED": {
      const ends = formatLocalDate(s.flexibilityEndsOn);
      const ago = s.daysSinceEnd === 1 ? "1 day ago" : `${s.daysSinceEnd} days ago`;
      return {
        tone: "urgent",
        headline: `DEA telemedicine flexibilities ended ${ends} (${ago}), and no in-person evaluation is on record.`,
        action:
          "Check the DEA rules in force before the next controlled-substance prescription, and schedule an in-person visit.",
        short: "DEA: flexibilities ended",
      };
    }
  }
}
