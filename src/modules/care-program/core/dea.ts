import { daysBetween, formatLocalDate, latest, type LocalDate } from "./dates";
import { drugProfile, type DeaSchedule } from "./drug-classes";
import { activeOn, type CareMedication } from "./facts";
import type { CareProgramSettings } from "./settings";

/**
 * DEA telemedicine flag (docs/clinical-reference.md#dea-telemedicine-flag). A controlled
 * medication prescribed without an in-person medical evaluation by a clinician of the clinic relies
 * on the DEA's temporary telemedicine flexibilities, in force through a date that is a clinic
 * setting (default 2026-12-31, since it has been extended before). Days left counts today: on the
 * last day in force there is 1 day left; from the day after, the flexibility has ended.
 */
export type ControlledMedication = { id: string; name: string; schedule: DeaSchedule };

export type DeaTelemedicineStatus =
  | { status: "NO_CONTROLLED_SUBSTANCE" }
  | { status: "IN_PERSON_ON_RECORD"; controlled: ControlledMedication[]; seenInPersonOn: LocalDate }
  | {
      status: "RELIES_ON_FLEXIBILITY";
      controlled: ControlledMedication[];
      flexibilityEndsOn: LocalDate;
      daysLeft: number;
      message: string;
    }
  | {
      status: "FLEXIBILITY_ENDED";
      controlled: ControlledMedication[];
      flexibilityEndsOn: LocalDate;
      daysSinceEnd: number;
      message: string;
    };

export function deaTelemedicineStatus(
  meds: readonly CareMedication[],
  inPersonEvaluations: readonly { on: LocalDate }[],
  settings: Pick<CareProgramSettings, "deaFlexibilityEndsOn">,
  asOf: LocalDate,
): DeaTelemedicineStatus {
  const controlled: ControlledMedication[] = [];
  for (const m of activeOn(meds, asOf)) {
    const schedule = drugProfile(m.drugKey).deaSchedule;
    if (schedule) controlled.push({ id: m.id, name: m.name, schedule });
  }
  if (controlled.length === 0) return { status: "NO_CONTROLLED_SUBSTANCE" };
  const seen = latest(inPersonEvaluations.map((e) => e.on).filter((d) => d <= asOf));
  if (seen !== null) return { status: "IN_PERSON_ON_RECORD", controlled, seenInPersonOn: seen };
  const endsOn = settings.deaFlexibilityEndsOn;
  const daysLeft = daysBetween(asOf, endsOn) + 1;
  if (daysLeft > 0) {
    const left = daysLeft === 1 ? "1 day left" : `${daysLeft} days left`;
    return {
      status: "RELIES_ON_FLEXIBILITY",
      controlled,
      flexibilityEndsOn: endsOn,
      daysLeft,
      message: `No in-person visit with a clinician of the clinic on record: controlled-substance prescribing relies on the DEA telemedicine flexibilities, in force through ${formatLocalDate(endsOn)} (${left}).`,
    };
  }
  return {
    status: "FLEXIBILITY_ENDED",
    controlled,
    flexibilityEndsOn: endsOn,
    daysSinceEnd: -daysLeft + 1,
    message: `No in-person visit with a clinician of the clinic on record, and the DEA telemedicine flexibilities ended after ${formatLocalDate(endsOn)}.`,
  };
}

/** True when the registry, the huddle and the visit should show the DEA flag. */
export function showsDeaFlag(s: DeaTelemedicineStatus): boolean {
  return s.status === "RELIES_ON_FLEXIBILITY" || s.status === "FLEXIBILITY_ENDED";
}
