import "server-only";
import { dueStepFor } from "./core/due";
import type { UdtState } from "./core/machine";

/** The order columns that decide its due step (read wherever the due step is computed). */
export const dueFields = {
  windowMissedAt: true,
  collectedAt: true,
  resultedAt: true,
  confirmationOrderedAt: true,
  confirmationResultedAt: true,
  reviewedAt: true,
  discussedAt: true,
} as const;

/** The due role and time kept on the order for a state (the queues sort by them). */
export function dueColumns(state: UdtState, o: Parameters<typeof dueStepFor>[0]) {
  const due = dueStepFor({ ...o, state });
  return { dueRole: due.role, dueAt: due.dueAt };
}
