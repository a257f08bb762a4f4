/**
 * "Last urine drug test and days since" on the chart. CDC 2022 Rec 10 suggests considering a
 * test before starting opioids and at least once a year during long-term therapy; the interval is
 * a clinic setting (default 365 days). A flag prompts a decision, it does not order anything:
 * the clinician records the reason when ordering.
 */
export type LastTest = {
  lastCollectedAt: Date | null;
  daysSince: number | null;
  overdue: boolean;
  intervalDays: number;
};

export function summarizeLastTest(lastCollectedAt: Date | null, now: Date, intervalDays: number): LastTest {
  if (!lastCollectedAt) return { lastCollectedAt: null, daysSince: null, overdue: true, intervalDays };
  const daysSince = Math.floor((now.getTime() - lastCollectedAt.getTime()) / 86_400_000);
  return { lastCollectedAt, daysSince, overdue: daysSince > intervalDays, intervalDays };
}
