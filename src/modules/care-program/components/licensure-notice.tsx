import { Icon } from "@/components/ui/icon";
import { doneIcon, warningIcon } from "@/components/ui/icons";
import { licensureHeadline } from "../core/licenses";
import { recordVisitLocationAction } from "../dea-actions";
import type { VisitLicensureView } from "../index.server";
import { StateAtVisitField } from "./state-at-visit-field";
import { VisitLocationForm } from "./visit-location-form";

/**
 * The licensure check of a visit (docs/clinical-reference.md#licensure): a visible warning with
 * what to do when the patient's state is not recorded or the clinician holds no license there,
 * a short line when it is fine. Before the visit starts it says so ("before you start"); it
 * never blocks a visit (an emergency is never held up by it). With `editable`, the form to
 * record the patient's state sits under it.
 */
export function LicensureNotice({
  view,
  editable = false,
  idPrefix = "licensure",
  heading = "h2",
}: {
  view: VisitLicensureView;
  editable?: boolean;
  idPrefix?: string;
  heading?: "h2" | "h3";
}) {
  const c = view.check;
  const H = heading;
  const form =
    editable && !view.noteSigned ? (
      <details
        className="mt-2 rounded-md border border-slate-300 bg-white p-2 text-slate-900"
        open={c.status === "WARNING" && c.reason === "PATIENT_STATE_NOT_RECORDED"}
      >
        <summary className="cursor-pointer font-medium">
          {view.state ? "Change the patient's state" : "Record the patient's state"}
        </summary>
        <div className="mt-2">
          <VisitLocationForm action={recordVisitLocationAction.bind(null, view.visitId)} idPrefix={`${idPrefix}-loc`}>
            <StateAtVisitField current={view.state} suggestion={view.suggestion} id={`${idPrefix}-state`} />
          </VisitLocationForm>
        </div>
      </details>
    ) : null;
  if (c.status === "OK") {
    return (
      <section
        aria-labelledby={`${idPrefix}-h`}
        data-testid="licensure-ok"
        className="rounded-md border border-slate-300 bg-white px-3 py-2"
      >
        <H id={`${idPrefix}-h`} className="font-semibold">
          <Icon icon={doneIcon} className="mr-1" />
          Licensure
        </H>
        <p>
          {licensureHeadline(c)} Patient in {c.state}; {view.clinicianName} is licensed in{" "}
          {view.licensedStates.join(", ")}.
        </p>
        {form}
      </section>
    );
  }
  return (
    <section
      aria-labelledby={`${idPrefix}-h`}
      data-testid="licensure-warning"
      className="rounded-md border border-amber-700 bg-amber-50 px-3 py-2 text-amber-950"
    >
      <H id={`${idPrefix}-h`} className="font-semibold">
        <Icon icon={warningIcon} className="mr-1" />
        {view.beforeStart ? "Before you start: " : ""}
        {licensureHeadline(c)}
      </H>
      <p>{c.message}</p>
      <p className="text-sm">
        {view.clinicianName}&apos;s licensed states on record:{" "}
        {view.licensedStates.length ? view.licensedStates.join(", ") : "none"}. This is a warning only: the visit can go
        ahead (never hold up an emergency), and the note records it.
      </p>
      {form}
    </section>
  );
}
