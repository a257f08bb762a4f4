import type { UdtState } from "../core/machine";
import { stateLabels } from "../core/machine";

/** Status as word + icon (never color alone, docs/ux-principles.md#every-screen). */
const stateIcon: Record<UdtState, string> = {
  ORDERED: "📝",
  INSTRUCTED: "📣",
  COLLECTED: "🧪",
  WINDOW_MISSED: "⚠",
  RESULTED: "📄",
  CONFIRMATION_NEEDED: "❗",
  CONFIRMATION_ORDERED: "🔬",
  AWAITING_REVIEW: "👁",
  REVIEWED: "💬",
  DISCUSSED: "✓",
  CLOSED: "✔",
  CANCELLED: "✖",
};

export function StateChip({ state }: { state: UdtState }) {
  const tone =
    state === "WINDOW_MISSED" || state === "CONFIRMATION_NEEDED"
      ? "border-red-700 bg-red-50 text-red-900"
      : state === "CLOSED" || state === "CANCELLED"
        ? "border-slate-400 bg-slate-50 text-slate-800"
        : "border-teal-700 bg-teal-50 text-teal-900";
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-sm font-medium ${tone}`}>
      <span aria-hidden="true">{stateIcon[state]}</span>
      <span>{stateLabels[state]}</span>
    </span>
  );
}

export function OverdueBadge({ escalated }: { escalated?: boolean }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-full border border-red-700 bg-red-50 px-2 py-0.5 text-sm font-semibold text-red-900">
      <span aria-hidden="true">⏰</span>
      <span>{escalated ? "Escalated" : "Overdue"}</span>
    </span>
  );
}

export function InterpretationChip({ value }: { value: "EXPECTED" | "UNEXPECTED" | null }) {
  if (!value) return null;
  return value === "EXPECTED" ? (
    <span className="inline-flex items-center gap-1 rounded-full border border-teal-700 bg-teal-50 px-2 py-0.5 text-sm font-medium text-teal-900">
      <span aria-hidden="true">✓</span>Expected
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 rounded-full border border-red-700 bg-red-50 px-2 py-0.5 text-sm font-semibold text-red-900">
      <span aria-hidden="true">❗</span>Unexpected
    </span>
  );
}
