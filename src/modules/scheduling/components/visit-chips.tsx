import { statusLabels, type VisitStatus } from "../core/visit-lifecycle";

/** Status as word + icon (never color alone, docs/ux-principles.md#every-screen). */
export function StatusChip({ status, patient = false }: { status: VisitStatus; patient?: boolean }) {
  const s = statusLabels[status];
  const tone: Record<VisitStatus, string> = {
    SCHEDULED: "border-slate-400 bg-white text-slate-900",
    CHECKED_IN: "border-amber-700 bg-amber-50 text-amber-950",
    IN_PROGRESS: "border-teal-700 bg-teal-50 text-teal-900",
    COMPLETED: "border-slate-400 bg-slate-100 text-slate-800",
    CANCELLED: "border-red-700 bg-red-50 text-red-900",
    NO_SHOW: "border-red-700 bg-red-50 text-red-900",
  };
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-sm font-medium ${tone[status]}`}>
      <span aria-hidden="true">{s.icon}</span>
      {patient ? s.patientLabel : s.label}
    </span>
  );
}

export function ModalityChip({ modality }: { modality: "VIDEO" | "PHONE" }) {
  return (
    <span className="inline-flex items-center gap-1 text-sm font-medium text-slate-800">
      <span aria-hidden="true">{modality === "VIDEO" ? "📹" : "📞"}</span>
      {modality === "VIDEO" ? "Video" : "Phone"}
    </span>
  );
}
