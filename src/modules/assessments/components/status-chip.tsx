import type { FormReadiness } from "../core/readiness";

/** Status as a word plus an icon (never color alone). */
const chips = {
  done: { icon: "✓", text: "Done", cls: "border-teal-800 bg-teal-50 text-teal-900" },
  pending: { icon: "…", text: "Pending", cls: "border-slate-500 bg-slate-50 text-slate-900" },
  overdue: { icon: "!", text: "Overdue", cls: "border-amber-800 bg-amber-50 text-amber-950" },
  cancelled: { icon: "×", text: "Removed", cls: "border-slate-400 bg-white text-slate-700" },
  none: { icon: "-", text: "No forms", cls: "border-slate-300 bg-white text-slate-700" },
} as const;

export function RequestStateChip({ state }: { state: keyof typeof chips | FormReadiness }) {
  const c = chips[state];
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-sm font-medium ${c.cls}`}>
      <span aria-hidden="true">{c.icon}</span>
      {c.text}
    </span>
  );
}

/** For the Today list / coordinator views: "Forms: Done" etc. */
export function FormReadinessChip({ readiness }: { readiness: FormReadiness }) {
  return (
    <span className="inline-flex items-center gap-1">
      <span className="sr-only">Pre-visit forms:</span>
      <RequestStateChip state={readiness} />
    </span>
  );
}
