import Link from "next/link";
import { Chip } from "@/components/ui/icon";
import { doneIcon, noneIcon } from "@/components/ui/icons";
import { recordLtotDecisionAction } from "../actions";
import { formatLocalDate } from "../core/dates";
import type { LtotChartStatus } from "../server/ltot-decisions.server";
import { LtotDecisionForm } from "./ltot-decision-form";

const kindWords = { INCLUDE: "Included", EXCLUDE: "Excluded", CLEAR: "Cleared" } as const;

/**
 * The chart's "Registry" section: on LTOT or not and why (the medication rule or a clinician's
 * decision), the decisions so far, and for a clinician the forms to include, exclude or clear.
 */
export function RegistrySection({
  patientId,
  data,
  canDecide,
}: {
  patientId: string;
  data: LtotChartStatus;
  canDecide: boolean;
}) {
  const { status } = data;
  const action = recordLtotDecisionAction.bind(null, patientId);
  return (
    <section aria-labelledby="registry-h" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="registry-h" className="mb-2 text-lg font-semibold">
        Registry
      </h2>
      <p className="mb-1">
        {status.onLtot ? (
          <Chip icon={doneIcon} tone="good">
            On long-term opioid therapy
          </Chip>
        ) : (
          <Chip icon={noneIcon} tone="muted">
            Not on the LTOT registry
          </Chip>
        )}
      </p>
      <p className="mb-3 text-slate-800">{status.explanation}</p>
      {status.onLtot ? (
        <p className="mb-3">
          <Link href="/registry" className="text-teal-900 underline underline-offset-2">
            Open the registry
          </Link>
        </p>
      ) : null}
      {data.history.length ? (
        <details className="mb-3">
          <summary className="cursor-pointer font-medium">Registry decisions ({data.history.length})</summary>
          <ul className="mt-2 flex flex-col gap-1 text-sm">
            {data.history.map((h) => (
              <li key={h.id}>
                {kindWords[h.kind]} on {formatLocalDate(h.decidedOn)}
                {h.recordedBy ? ` by ${h.recordedBy}` : ""}: {h.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {canDecide ? (
        <div className="flex flex-col gap-3">
          {status.because !== "CLINICIAN_INCLUDED" && !status.onLtot ? (
            <details>
              <summary className="cursor-pointer font-semibold text-teal-900">Include in the registry</summary>
              <div className="mt-2">
                <LtotDecisionForm action={action} kind="INCLUDE" />
              </div>
            </details>
          ) : null}
          {status.because !== "CLINICIAN_EXCLUDED" && status.onLtot ? (
            <details>
              <summary className="cursor-pointer font-semibold text-teal-900">Exclude from the registry</summary>
              <div className="mt-2">
                <LtotDecisionForm action={action} kind="EXCLUDE" />
              </div>
            </details>
          ) : null}
          {status.decision ? (
            <details>
              <summary className="cursor-pointer font-semibold text-teal-900">
                Clear the decision (back to the medication rule)
              </summary>
              <div className="mt-2">
                <LtotDecisionForm action={action} kind="CLEAR" />
              </div>
            </details>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-slate-700">Only a clinician includes or excludes a patient.</p>
      )}
    </section>
  );
}
