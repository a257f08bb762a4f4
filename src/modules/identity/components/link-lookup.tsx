import { buttonClass } from "@/components/ui/button-class";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import type { LinkablePatient } from "../patient-link.server";

/**
 * Finding the patient record a portal account links to: one exact MRN or email, shown with only
 * the name, MRN and whether it already has an account (a plain GET form: works without JavaScript).
 */
export function LinkLookup({
  query,
  result,
  error,
}: {
  query: string;
  result: LinkablePatient | "ambiguous" | null | undefined;
  error?: string;
}) {
  return (
    <section aria-labelledby="link-lookup-h" className="mb-8 max-w-xl rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="link-lookup-h" className="mb-2 text-lg font-semibold">
        Find the patient record to link
      </h2>
      <form method="get" className="flex flex-wrap items-end gap-2">
        <TextField
          name="lookup"
          label="Exact MRN or email on the patient record"
          defaultValue={query}
          errors={error ? [error] : undefined}
          className="flex-1"
        />
        <button type="submit" className={buttonClass("secondary")}>
          Find
        </button>
      </form>
      <div className="mt-3" aria-live="polite">
        {result === "ambiguous" ? (
          <Notice kind="warning">More than one patient record has that email. Use the MRN instead.</Notice>
        ) : null}
        {result === null ? <Notice kind="info">No patient record has exactly that MRN or email.</Notice> : null}
        {result && result !== "ambiguous" ? (
          <Notice kind={result.hasAccount ? "warning" : "success"}>
            {result.name}, MRN <span className="font-mono">{result.mrn}</span>:{" "}
            {result.hasAccount ? "already has a portal account." : "no portal account yet. Enter this MRN below."}
          </Notice>
        ) : null}
      </div>
    </section>
  );
}
