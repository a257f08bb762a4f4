import { formatLocalDate } from "../core/dates";
import type { PatientDeaView } from "../index.server";
import { recordInPersonEvaluationAction, withdrawInPersonEvaluationAction } from "../dea-actions";
import { InPersonEvaluationForm, WithdrawInPersonForm } from "./in-person-form";

/**
 * The chart's "In-person evaluations" section (DEA telemedicine prescribing): what is on
 * record, the DEA flag when the prescribing relies on the telemedicine flexibilities, and the
 * form to record an in-person visit (clinicians and coordinators).
 */
export function InPersonSection({
  patientId,
  view,
  canRecord,
  defaultClinicianId,
}: {
  patientId: string;
  view: PatientDeaView;
  canRecord: boolean;
  defaultClinicianId: string | null;
}) {
  const s = view.status;
  return (
    <section aria-labelledby="inperson-h" id="in-person" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="inperson-h" className="mb-1 text-lg font-semibold">
        In-person evaluations
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        {s.status === "NO_CONTROLLED_SUBSTANCE"
          ? "No controlled-substance medication on the list: the DEA telemedicine rules do not apply today."
          : s.status === "IN_PERSON_ON_RECORD"
            ? `Seen in person by a clinician of the clinic on ${formatLocalDate(s.seenInPersonOn)}: controlled-substance prescribing does not rely on the DEA telemedicine flexibilities.`
            : "Controlled-substance prescribing for this patient relies on the DEA telemedicine flexibilities until an in-person evaluation is recorded."}
      </p>
      {view.evaluations.length === 0 ? (
        <p className="mb-3 text-slate-700">No in-person evaluation on record.</p>
      ) : (
        <ul className="mb-3 flex flex-col gap-2">
          {view.evaluations.map((e) => (
            <li key={e.id} className="rounded-md border border-slate-200 p-2" data-testid="in-person-evaluation">
              <span className={e.withdrawn ? "font-semibold line-through" : "font-semibold"}>
                {formatLocalDate(e.seenOn)}
              </span>{" "}
              · seen by {e.clinicianName}
              <span className="block text-sm text-slate-700">Recorded by {e.recordedByName}</span>
              {e.note ? <span className="block whitespace-pre-line">{e.note}</span> : null}
              {e.withdrawn ? (
                <span className="mt-1 block text-sm font-medium text-slate-800">
                  Withdrawn by {e.withdrawn.byName} on {formatLocalDate(e.withdrawn.at.slice(0, 10))}:{" "}
                  {e.withdrawn.reason}. It does not count for the DEA flag.
                </span>
              ) : canRecord ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-sm font-medium">Entered in error? Withdraw it</summary>
                  <WithdrawInPersonForm
                    action={withdrawInPersonEvaluationAction.bind(null, patientId)}
                    evaluationId={e.id}
                    seenOnLabel={formatLocalDate(e.seenOn)}
                  />
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canRecord ? (
        <details className="rounded-md border border-slate-200 p-3">
          <summary className="cursor-pointer font-medium">Record an in-person evaluation</summary>
          <div className="mt-3">
            <InPersonEvaluationForm
              action={recordInPersonEvaluationAction.bind(null, patientId)}
              clinicians={view.clinicians}
              today={view.asOf}
              defaultClinicianId={defaultClinicianId}
            />
          </div>
        </details>
      ) : null}
    </section>
  );
}
