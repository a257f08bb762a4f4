import type { FormState } from "@/lib/forms";

/** Announces a form's result politely (aria-live) and shows it with an icon, not color alone. */
export function FormStatus({ state, id = "form-status" }: { state: FormState; id?: string }) {
  return (
    <div id={id} role="status" aria-live="polite" className="min-h-0">
      {state.status !== "idle" && state.message ? (
        <p
          className={`flex items-start gap-2 rounded-md border px-3 py-2 ${
            state.status === "error" ? "border-red-700 bg-red-50 text-red-900" : "border-teal-700 bg-teal-50 text-teal-900"
          }`}
        >
          <span aria-hidden="true">{state.status === "error" ? "⚠" : "✓"}</span>
          <span>{state.message}</span>
        </p>
      ) : null}
    </div>
  );
}

export function Notice({ kind, children }: { kind: "success" | "error" | "info" | "warning"; children: React.ReactNode }) {
  const styles = {
    success: "border-teal-700 bg-teal-50 text-teal-900",
    error: "border-red-700 bg-red-50 text-red-900",
    info: "border-slate-400 bg-slate-50 text-slate-900",
    warning: "border-amber-700 bg-amber-50 text-amber-950",
  }[kind];
  const icon = { success: "✓", error: "⚠", info: "ℹ", warning: "!" }[kind];
  return (
    <div role={kind === "error" ? "alert" : "status"} className={`flex items-start gap-2 rounded-md border px-3 py-2 ${styles}`}>
      <span aria-hidden="true" className="font-bold">
        {icon}
      </span>
      <div>{children}</div>
    </div>
  );
}
