import Link from "next/link";
import { Notice } from "@/components/ui/form-status";
import { buttonClass } from "@/components/ui/button-class";
import { Icon } from "@/components/ui/icon";
import { doneIcon } from "@/components/ui/icons";
import type { FormState } from "@/lib/forms";
import type { FormToFill, PendingForm, SubmissionOutcome } from "../fill-forms.server";
import { instruments } from "../core/instruments";
import { CrisisResources } from "./crisis-resources";
import { InstrumentForm } from "./instrument-form";

/** Patient-facing pieces shared by the portal (/me/forms) and the secure link (/f/forms). */

function formatDue(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "long",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(iso));
}

export function PendingFormsList({
  forms,
  basePath,
  timeZone,
}: {
  forms: PendingForm[];
  basePath: string;
  timeZone: string;
}) {
  if (forms.length === 0) {
    return <Notice kind="success">You have no forms to fill right now. Thank you!</Notice>;
  }
  const minutes = forms.reduce((s, f) => s + f.minutes, 0);
  return (
    <div className="flex flex-col gap-4">
      <p>
        Your care team asks you to answer {forms.length === 1 ? "1 short form" : `${forms.length} short forms`} before
        your visit. It takes about {minutes} {minutes === 1 ? "minute" : "minutes"}.
      </p>
      <ol className="flex flex-col gap-3">
        {forms.map((f, i) => (
          <li key={f.requestId} className="rounded-xl border border-slate-300 bg-white p-4">
            <p className="text-sm text-slate-600">
              Form {i + 1} of {forms.length} · about {f.minutes} {f.minutes === 1 ? "minute" : "minutes"}
            </p>
            <p className="text-lg font-semibold">{f.title}</p>
            <p className="text-sm text-slate-700">
              {f.overdue ? "Please fill it as soon as you can" : `Please fill it by ${formatDue(f.dueAt, timeZone)}`}
            </p>
            <Link href={`${basePath}/${f.requestId}`} className={`${buttonClass("primary")} mt-3 w-full sm:w-auto`}>
              {i === 0 ? "Start" : "Open"} <span className="sr-only">{f.title}</span>
            </Link>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function FormStep({
  form,
  action,
  idempotencyKey,
}: {
  form: FormToFill;
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  idempotencyKey: string;
}) {
  const inst = instruments[form.instrument];
  const pct = Math.round(((form.step - 1) / form.steps) * 100);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <p className="font-medium text-slate-700" id="progress-label">
          Form {form.step} of {form.steps}
        </p>
        {/* SVG attributes, not inline styles: the CSP allows no inline style. */}
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
      <InstrumentForm
        action={action}
        instrument={form.instrument}
        hidden={{ requestId: form.requestId, idempotencyKey }}
        submitLabel={form.step < form.steps ? "Send and go to the next form" : "Send my answers"}
      />
    </div>
  );
}

export function SubmissionConfirmation({
  outcome,
  basePath,
  finishAction,
}: {
  outcome: SubmissionOutcome;
  basePath: string;
  finishAction?: () => Promise<void>;
}) {
  return (
    <div className="flex flex-col gap-5">
      {outcome.safetyFlag ? <CrisisResources /> : null}
      <h1 className="flex items-center gap-2 text-2xl font-bold">
        <Icon icon={doneIcon} /> Thank you. Your answers were sent.
      </h1>
      {outcome.remaining > 0 && outcome.nextRequestId ? (
        <div className="flex flex-col gap-2">
          <p>You have {outcome.remaining === 1 ? "1 more form" : `${outcome.remaining} more forms`} to fill.</p>
          <Link href={`${basePath}/${outcome.nextRequestId}`} className={`${buttonClass("primary")} w-full sm:w-auto`}>
            Go to the next form
          </Link>
        </div>
      ) : (
        <section aria-labelledby="next-h" className="rounded-xl border border-slate-300 bg-white p-4">
          <h2 id="next-h" className="text-lg font-semibold">
            What happens next
          </h2>
          <ul className="mt-2 list-disc pl-5">
            <li>Your clinician will read your answers before your visit.</li>
            <li>You do not need to do anything else now.</li>
            <li>At your visit, you can talk about anything in your answers.</li>
          </ul>
        </section>
      )}
      {finishAction ? (
        <form action={finishAction}>
          <button type="submit" className={buttonClass("secondary")}>
            I am done - close my forms
          </button>
        </form>
      ) : null}
    </div>
  );
}
