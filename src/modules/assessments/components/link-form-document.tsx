import { Notice } from "@/components/ui/form-status";
import { buttonClass } from "@/components/ui/button-class";
import type { FormState } from "@/lib/forms";
import type { FormToFill } from "../fill-forms.server";
import { instruments } from "../core/instruments";
import { InstrumentFields } from "./instrument-fields";

/**
 * The whole HTML document of the secure-link patient form, rendered to static markup with no
 * script at all (docs/decisions/assessments-zero-js-patient-form.md). Same fields and look as the
 * portal's form; the form posts to its own URL.
 */
export function LinkFormDocument({
  clinicName,
  cssHrefs,
  form,
  idempotencyKey,
  state,
}: {
  clinicName: string;
  cssHrefs: string[];
  form: FormToFill;
  idempotencyKey: string;
  state: FormState;
}) {
  const inst = instruments[form.instrument];
  const pct = Math.round(((form.step - 1) / form.steps) * 100);
  return (
    <html lang="en">
      {/* eslint-disable-next-line @next/next/no-head-element -- rendered to static markup outside the App Router: next/head does not apply. */}
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${inst.patientTitle} · ${clinicName}`}</title>
        {cssHrefs.map((h) => (
          <link key={h} rel="stylesheet" href={h} />
        ))}
      </head>
      <body className="min-h-screen">
        <a href="#main" className="skip-link">
          Skip to main content
        </a>
        <div className="flex min-h-screen flex-col">
          <header className="border-b border-slate-200 bg-white">
            <p className="mx-auto max-w-2xl px-4 py-3 text-lg font-bold text-teal-900">{clinicName}</p>
          </header>
          <main id="main" className="mx-auto w-full max-w-2xl flex-1 px-4 py-6">
            <div className="flex flex-col gap-4">
              <div>
                <p className="font-medium text-slate-700" id="progress-label">
                  Form {form.step} of {form.steps}
                </p>
                <svg
                  role="progressbar"
                  aria-labelledby="progress-label"
                  aria-valuemin={0}
                  aria-valuemax={form.steps}
                  aria-valuenow={form.step - 1}
                  aria-valuetext={`Form ${form.step} of ${form.steps}`}
                  className="mt-1 block h-2 w-full"
                  viewBox="0 0 100 2"
                  preserveAspectRatio="none"
                >
                  <rect x="0" y="0" width="100" height="2" rx="1" className="fill-slate-200" />
                  <rect x="0" y="0" width={Math.max(pct, 4)} height="2" rx="1" className="fill-teal-800" />
                </svg>
              </div>
              <h1 className="text-2xl font-bold">{inst.patientTitle}</h1>
              <form method="post" className="flex flex-col gap-6" noValidate>
                <input type="hidden" name="requestId" value={form.requestId} />
                <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
                <div id="form-status" role="status" aria-live="polite">
                  {state.status === "error" && state.message ? <Notice kind="warning">{state.message}</Notice> : null}
                </div>
                <InstrumentFields instrument={form.instrument} errors={state.errors} values={state.values} />
                <div>
                  <button type="submit" className={`${buttonClass("primary")} w-full sm:w-auto`}>
                    {form.step < form.steps ? "Send and go to the next form" : "Send my answers"}
                  </button>
                </div>
              </form>
            </div>
          </main>
        </div>
      </body>
    </html>
  );
}
