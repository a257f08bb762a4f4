import type { FormState } from "@/lib/forms";
import { Icon } from "./icon";
import { doneIcon, infoIcon, problemIcon, warningIcon } from "./icons";

/** Announces a form's result politely (aria-live) and shows it with an icon, not color alone. */
export function FormStatus({ state, id = "form-status" }: { state: FormState; id?: string }) {
  return (
    <div id={id} role="status" aria-live="polite" className="min-h-0">
      {state.status !== "idle" && state.message ? (
        <p
          className={`flex items-start gap-2 rounded-md border px-3 py-2 ${
            state.status === "error"
              ? "border-red-700 bg-red-50 text-red-900"
              : "border-teal-700 bg-teal-50 text-teal-900"
          }`}
        >
          <Icon icon={state.status === "error" ? warningIcon : doneIcon} className="mt-1" />
          <span>{state.message}</span>
        </p>
      ) : null}
    </div>
  );
}

export function Notice({
  kind,
  children,
}: {
  kind: "success" | "error" | "info" | "warning";
  children: React.ReactNode;
}) {
  const styles = {
    success: "border-teal-700 bg-teal-50 text-teal-900",
    error: "border-red-700 bg-red-50 text-red-900",
    info: "border-slate-400 bg-slate-50 text-slate-900",
    warning: "border-amber-700 bg-amber-50 text-amber-950",
  }[kind];
  const icon = { success: doneIcon, error: warningIcon, info: infoIcon, warning: problemIcon }[kind];
  return (
    <div
      role={kind === "error" ? "alert" : "status"}
      className={`flex items-start gap-2 rounded-md border px-3 py-2 ${styles}`}
    >
      <Icon icon={icon} className="mt-1" />
      <div>{children}</div>
    </div>
  );
}
