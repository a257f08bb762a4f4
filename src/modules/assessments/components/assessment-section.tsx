import { Notice } from "@/components/ui/form-status";
import type { Actor } from "../../identity/core/roles";
import { getAssessmentResults } from "../assessment-results.server";
import { AssessmentActions, AssessmentResultsPanel } from "./results-panel";
import { getEnv } from "@/server/env";
import { getRequestContext } from "@/server/request-context";

/** The patient chart's "Assessments" section: fetches and renders the results panel. */
export async function AssessmentSection({
  actor,
  patientId,
  timeZone = getEnv().CLINIC_TIME_ZONE,
  notice,
}: {
  actor: Actor;
  patientId: string;
  timeZone?: string;
  notice?: React.ReactNode;
}) {
  const results = await getAssessmentResults(actor, patientId, await getRequestContext());
  return (
    <section
      id="assessments"
      aria-labelledby="assessments-h"
      className="mt-6 flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="assessments-h" className="text-lg font-semibold">
          Assessments (PEG and PHQ-9)
        </h2>
        <AssessmentActions patientId={patientId} />
      </div>
      {notice}
      {results.recent.length === 0 ? (
        <Notice kind="info">No PEG or PHQ-9 answers yet.</Notice>
      ) : (
        <AssessmentResultsPanel results={results} timeZone={timeZone} />
      )}
    </section>
  );
}
