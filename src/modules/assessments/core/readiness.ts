/** Pre-visit form readiness per visit, for the Today list and coordinator views. */
export type FormReadiness = "done" | "pending" | "overdue" | "none";

export type RequestForReadiness = { status: "PENDING" | "COMPLETED" | "CANCELLED"; dueAt: Date };

/**
 * done: every active request is completed; overdue: any pending request is past its due time;
 * pending: otherwise; none: no active requests (all cancelled or never sent).
 */
export function computeReadiness(requests: readonly RequestForReadiness[], now: Date): FormReadiness {
  const active = requests.filter((r) => r.status !== "CANCELLED");
  if (active.length === 0) return "none";
  const pending = active.filter((r) => r.status === "PENDING");
  if (pending.length === 0) return "done";
  return pending.some((r) => r.dueAt.getTime() <= now.getTime()) ? "overdue" : "pending";
}

export function requestState(r: RequestForReadiness, now: Date): "done" | "pending" | "overdue" | "cancelled" {
  switch (r.status) {
    case "COMPLETED":
      return "done";
    case "CANCELLED":
      return "cancelled";
    case "PENDING":
      return r.dueAt.getTime() <= now.getTime() ? "overdue" : "pending";
  }
}

/** When a pre-visit request is due: `dueMinutesBefore` minutes before the visit starts (clinic setting). */
export function preVisitDueAt(visitStartsAt: Date, dueMinutesBefore: number): Date {
  return new Date(visitStartsAt.getTime() - dueMinutesBefore * 60_000);
}
