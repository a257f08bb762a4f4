/**
 * PHQ-9 item 9 alerts seen per patient (docs/clinical-reference.md#phq-9-item-9-safety-event).
 * Each answer above 0 opens its own alert, so one patient who answers twice has two open alerts:
 * staff lists show that patient once (latest answer, how many are open), and one follow-up by a
 * clinician closes the alerts the clinician was shown - never one raised after the page was
 * shown, which stays open until a clinician sees it. Pure.
 */

export type OpenAlertRow = { id: string; patientId: string; item9Answer: number; createdAt: Date };

export type AlertGroup = {
  patientId: string;
  /** Open alerts of this patient, oldest first (what one follow-up closes). */
  alertIds: string[];
  openCount: number;
  latest: { id: string; item9Answer: number; createdAt: Date };
  /** The highest item 9 answer among the open alerts (1-3). */
  highestItem9Answer: number;
  /** When the oldest open alert was raised: the patient waiting longest comes first. */
  oldestAt: Date;
};

const byTimeThenId = (a: OpenAlertRow, b: OpenAlertRow) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Open alerts -> one group per patient, the patient whose oldest alert waits longest first. */
export function groupOpenAlerts(rows: readonly OpenAlertRow[]): AlertGroup[] {
  const byPatient = new Map<string, OpenAlertRow[]>();
  for (const r of rows) {
    const list = byPatient.get(r.patientId);
    if (list) list.push(r);
    else byPatient.set(r.patientId, [r]);
  }
  const groups: AlertGroup[] = [];
  for (const [patientId, list] of byPatient) {
    const sorted = [...list].sort(byTimeThenId);
    const oldest = sorted[0]!;
    const latest = sorted[sorted.length - 1]!;
    groups.push({
      patientId,
      alertIds: sorted.map((r) => r.id),
      openCount: sorted.length,
      latest: { id: latest.id, item9Answer: latest.item9Answer, createdAt: latest.createdAt },
      highestItem9Answer: Math.max(...sorted.map((r) => r.item9Answer)),
      oldestAt: oldest.createdAt,
    });
  }
  return groups.sort(
    (a, b) =>
      a.oldestAt.getTime() - b.oldestAt.getTime() ||
      (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0),
  );
}

export type AlertOfPatient = { id: string; patientId: string; status: "OPEN" | "RESOLVED" };

export type CloseSelection =
  | { kind: "close"; ids: string[] }
  /** A listed alert is not this patient's, or does not exist: the page the form came from is not this patient's list. */
  | { kind: "mismatch" }
  /** Every listed alert was already closed (by another clinician): nothing to record. */
  | { kind: "already_closed" };

/**
 * Which alerts one follow-up closes: the alert it was opened from plus the alerts listed on the
 * form (the patient's open alerts the clinician was shown), those still open. An alert the form
 * did not list - raised after the page was shown - is not closed: the rule is that an alert stays
 * open until a clinician acknowledges it, and nobody has seen that one yet.
 */
export function selectAlertsToClose(input: {
  alertId: string;
  listed: readonly string[];
  alerts: readonly AlertOfPatient[];
}): CloseSelection {
  const byId = new Map(input.alerts.map((a) => [a.id, a]));
  const target = byId.get(input.alertId);
  if (!target) return { kind: "mismatch" };
  const wanted = [...new Set([input.alertId, ...input.listed])];
  const chosen: AlertOfPatient[] = [];
  for (const id of wanted) {
    const a = byId.get(id);
    if (!a || a.patientId !== target.patientId) return { kind: "mismatch" };
    chosen.push(a);
  }
  const open = chosen.filter((a) => a.status === "OPEN").map((a) => a.id);
  return open.length ? { kind: "close", ids: open } : { kind: "already_closed" };
}

/** The chart's notice after a follow-up (`?alertResolved=N` from the follow-up's redirect). */
export function followUpNotice(resolved: string | undefined): string {
  const n = resolved && /^\d{1,3}$/.test(resolved) ? Number(resolved) : 1;
  return n > 1
    ? `${n} open alerts of this patient closed by one follow-up, recorded on each.`
    : "Alert closed and follow-up recorded.";
}
