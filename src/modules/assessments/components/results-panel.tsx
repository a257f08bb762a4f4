import { dateTimeFormat } from "@/lib/intl-cache";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button-class";
import { Icon } from "@/components/ui/icon";
import { expandIcon, warningIcon } from "@/components/ui/icons";
import type { AssessmentResults, ResponseView } from "../assessment-results.server";
import { Drop1Marker, Drop30Marker, PegTrendChart, Phq9TrendChart } from "./trend-charts";

/**
 * Latest PEG and PHQ-9 with item answers and trends. Reusable: the patient chart shows it in full;
 * the visit workspace can pass `compact` for a summary (no tables, no keyboard stops on points).
 */
export const modeLabels: Record<ResponseView["mode"], string> = {
  PORTAL: "Patient, portal",
  SECURE_LINK: "Patient, secure link",
  PHONE: "Read aloud by staff, phone",
  VIDEO: "Read aloud by staff, video",
};

export function formatWhen(iso: string, timeZone: string) {
  return dateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(iso));
}

function LatestCard({
  title,
  view,
  timeZone,
  patientId,
  extra,
}: {
  title: string;
  view: ResponseView | null;
  timeZone: string;
  patientId: string;
  extra?: React.ReactNode;
}) {
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4">
      <h3 className="font-semibold">{title}</h3>
      {!view ? (
        <p className="text-slate-700">No answers yet.</p>
      ) : (
        <>
          <p>
            <span className="text-3xl font-bold">{view.display}</span>
            {view.severity ? <span className="ml-2 font-medium">({view.severity})</span> : null}
          </p>
          {extra}
          <p className="text-sm text-slate-700">
            {formatWhen(view.answeredAt, timeZone)} · {modeLabels[view.mode]} · {view.languageLabel}
            {view.version > 1 ? (
              <>
                {" "}
                · <span className="font-medium">corrected (version {view.version})</span>
              </>
            ) : null}
          </p>
          {view.safetyFlag ? (
            <p className="flex items-center gap-1 font-semibold text-red-800">
              <Icon icon={warningIcon} /> Item 9 answered above 0
            </p>
          ) : null}
          <details>
            <summary className="cursor-pointer font-medium underline underline-offset-2">Item answers</summary>
            <ol className="mt-2 flex flex-col gap-1 text-sm">
              {view.items.map((i) => (
                <li key={i.itemId}>
                  <span className="text-slate-700">
                    {i.number}. {i.text}
                  </span>{" "}
                  <span className="font-semibold">{i.label}</span>
                </li>
              ))}
            </ol>
          </details>
          <Link
            href={`/patients/${patientId}/assessments/${view.seriesId}`}
            className="text-sm font-medium text-teal-900 underline underline-offset-2"
          >
            History and corrections
          </Link>
        </>
      )}
    </div>
  );
}

export function AssessmentResultsPanel({
  results,
  timeZone,
  compact = false,
}: {
  results: AssessmentResults;
  timeZone: string;
  compact?: boolean;
}) {
  const { peg, phq9, patientId } = results;
  const last = peg.points.at(-1);
  const pegExtra =
    last && peg.baseline && last.responseId !== peg.baseline.responseId ? (
      <p className="text-sm">
        Baseline {peg.baseline.display} (
        {last.percentChange === null ? "-" : `${last.percentChange > 0 ? "+" : ""}${last.percentChange}%`}):{" "}
        <span className="font-medium">
          {last.drop30Percent || last.drop1Point ? (
            <>
              {last.drop30Percent ? (
                <>
                  <Drop30Marker /> ≥ 30% drop
                </>
              ) : null}
              {last.drop30Percent && last.drop1Point ? ", " : null}
              {last.drop1Point ? (
                <>
                  <Drop1Marker /> ≥ 1-point drop
                </>
              ) : null}
            </>
          ) : (
            "no meaningful drop"
          )}
        </span>
      </p>
    ) : peg.baseline ? (
      <p className="text-sm">This is the baseline.</p>
    ) : null;
  return (
    <div className="flex flex-col gap-4">
      <div className={compact ? "grid gap-4 md:grid-cols-2 xl:grid-cols-1" : "grid gap-4 md:grid-cols-2"}>
        <LatestCard
          title="PEG (pain, enjoyment, activity)"
          view={peg.latest}
          timeZone={timeZone}
          patientId={patientId}
          extra={pegExtra}
        />
        <LatestCard title="PHQ-9 (depression)" view={phq9.latest} timeZone={timeZone} patientId={patientId} />
      </div>
      {/* Beside the video (compact) the charts stack, one per row, drawn with larger type; the
          full-size charts are one click away on the chart. */}
      <div className={compact ? "flex flex-col gap-6" : "grid gap-6 xl:grid-cols-2"}>
        <div>
          <h3 className="mb-2 font-semibold">PEG trend</h3>
          <PegTrendChart points={peg.points} timeZone={timeZone} compact={compact} />
        </div>
        <div>
          <h3 className="mb-2 font-semibold">PHQ-9 trend</h3>
          <Phq9TrendChart points={phq9.points} timeZone={timeZone} compact={compact} />
        </div>
      </div>
      {compact ? (
        <p>
          <Link
            href={`/patients/${patientId}#assessments`}
            target="_blank"
            className="font-semibold text-teal-900 underline"
          >
            <Icon icon={expandIcon} className="mr-1" />
            Open the charts full size (new tab)
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export function AssessmentActions({ patientId }: { patientId: string }) {
  return (
    <div className="flex flex-wrap gap-2">
      <Link href={`/patients/${patientId}/assessments/enter?instrument=PEG`} className={buttonClass("secondary")}>
        Enter PEG answers
      </Link>
      <Link href={`/patients/${patientId}/assessments/enter?instrument=PHQ9`} className={buttonClass("secondary")}>
        Enter PHQ-9 answers
      </Link>
      <Link href={`/patients/${patientId}/forms`} className={buttonClass("secondary")}>
        Form requests
      </Link>
    </div>
  );
}
