import Link from "next/link";
import { Chip } from "@/components/ui/icon";
import { doneIcon, noneIcon, opioidIcon, overdueIcon, warningIcon } from "@/components/ui/icons";
import { formatTenths } from "@/modules/assessments/core/scoring";
import { formatLocalDate } from "../core/dates";
import type { RegistryQuery, RegistryRow, RegistrySort } from "../core/registry";
import { formatPegChange } from "../core/registry-csv";
import { registryHref } from "../core/registry-query";
import { careGapRule } from "../core/rules";
import type { CareProgramSettings } from "../core/settings";
import type { RegistryMeasureFilter } from "../schemas";

const d = (date: string | null) => (date ? formatLocalDate(date) : "None");
const none = <span className="text-slate-600">None</span>;

const columns: { id: RegistrySort | null; label: string }[] = [
  { id: "name", label: "Patient" },
  { id: "clinician", label: "Clinician" },
  { id: "mme", label: "MME/day" },
  { id: null, label: "Benzodiazepine" },
  { id: null, label: "Naloxone" },
  { id: "peg", label: "Last PEG" },
  { id: "phq9", label: "Last PHQ-9" },
  { id: "udt", label: "Last UDT" },
  { id: "agreement", label: "Agreement" },
  { id: "pdmp", label: "PDMP checked" },
  { id: "lastVisit", label: "Last visit" },
  { id: "nextVisit", label: "Next visit" },
  { id: "dea", label: "DEA telemedicine" },
  { id: "gaps", label: "Open gaps" },
];

export const sortLabels: Record<RegistrySort, string> = {
  name: "Patient name",
  clinician: "Clinician",
  mme: "MME/day",
  peg: "Last PEG",
  phq9: "Last PHQ-9",
  udt: "Last UDT date",
  agreement: "Agreement due date",
  pdmp: "PDMP last checked",
  lastVisit: "Last visit",
  nextVisit: "Next visit",
  dea: "DEA telemedicine flag",
  gaps: "Open gaps",
};

function MmeCell({ r, s }: { r: RegistryRow; s: CareProgramSettings }) {
  return (
    <>
      <span className="font-semibold">{r.mmeTotal}</span>
      {r.mmeTotal >= s.mmeContextHigh ? (
        <Chip icon={warningIcon} tone="warn" className="ml-1">
          at or above {s.mmeContextHigh}
        </Chip>
      ) : r.mmeTotal >= s.mmeContextLow ? (
        <Chip icon={opioidIcon} tone="info" className="ml-1">
          at or above {s.mmeContextLow}
        </Chip>
      ) : null}
      {r.mmeExcluded ? <span className="block text-xs text-slate-700">+ buprenorphine (not converted)</span> : null}
    </>
  );
}

/**
 * The registry table: one row per patient, the row header links to the chart. Column headers
 * sort (plain links, aria-sort on the sorted one). The box scrolls sideways at 360 px instead of
 * widening the page.
 */
export function RegistryTable({
  rows,
  query,
  measure,
  settings,
  caption,
}: {
  rows: RegistryRow[];
  query: RegistryQuery;
  measure: RegistryMeasureFilter | null;
  settings: CareProgramSettings;
  caption: string;
}) {
  const sortHref = (col: RegistrySort) =>
    registryHref("/registry", {
      ...query,
      ...measure,
      page: 1,
      sort: col,
      dir: query.sort === col && query.dir === "asc" ? "desc" : "asc",
    });
  return (
    <div
      role="region"
      aria-labelledby="registry-caption"
      tabIndex={0}
      className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white focus:outline-2 focus:outline-teal-700"
    >
      <table className="w-full min-w-[72rem] text-left text-sm">
        <caption id="registry-caption" className="px-3 py-2 text-left font-semibold">
          {caption}
        </caption>
        <thead className="bg-slate-100">
          <tr>
            {columns.map((c) => (
              <th
                key={c.label}
                scope="col"
                className="px-2 py-2 align-bottom"
                aria-sort={c.id && query.sort === c.id ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
              >
                {c.id ? (
                  <Link href={sortHref(c.id)} className="underline underline-offset-2">
                    {c.label}
                    <span className="sr-only">
                      , sort {query.sort === c.id && query.dir === "asc" ? "descending" : "ascending"}
                    </span>
                  </Link>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.patientId} className="border-t border-slate-200 align-top" data-patient-id={r.patientId}>
              <th scope="row" className="px-2 py-2 font-normal">
                <Link
                  href={`/patients/${r.patientId}`}
                  className="font-semibold text-teal-900 underline underline-offset-2"
                >
                  {r.name}
                </Link>
                <span className="block font-mono text-xs text-slate-700">{r.mrn}</span>
                {!r.onLtot ? <span className="block text-xs text-slate-700">Not on LTOT today</span> : null}
              </th>
              <td className="px-2 py-2">{r.clinicianName ?? none}</td>
              <td className="px-2 py-2">
                <MmeCell r={r} s={settings} />
              </td>
              <td className="px-2 py-2">
                {r.benzodiazepine ? (
                  <Chip icon={warningIcon} tone="warn">
                    Yes
                  </Chip>
                ) : (
                  "No"
                )}
              </td>
              <td className="px-2 py-2">
                {r.naloxoneOnList ? (
                  <Chip icon={doneIcon} tone="good">
                    On list
                  </Chip>
                ) : (
                  "Not on list"
                )}
              </td>
              <td className="px-2 py-2">
                {r.peg ? (
                  <>
                    <span className="font-semibold">{formatTenths(r.peg.scoreTenths)}</span>{" "}
                    <span className="whitespace-nowrap">{d(r.peg.on)}</span>
                    {r.peg.changeTenths !== null ? (
                      <span className="block text-xs text-slate-700">
                        {formatPegChange(r.peg.changeTenths)} from baseline
                      </span>
                    ) : (
                      <span className="block text-xs text-slate-700">baseline</span>
                    )}
                  </>
                ) : (
                  none
                )}
              </td>
              <td className="px-2 py-2">
                {r.phq9 ? (
                  <>
                    <span className="font-semibold">{r.phq9.total}</span> {r.phq9.severity}
                    <span className="block whitespace-nowrap">{d(r.phq9.on)}</span>
                  </>
                ) : (
                  none
                )}
                {r.safetyAlertOpen ? (
                  <Chip icon={warningIcon} tone="bad" strong className="mt-1">
                    Item 9 alert open
                  </Chip>
                ) : null}
              </td>
              <td className="px-2 py-2">
                {r.udt ? (
                  <>
                    <span className="whitespace-nowrap">{d(r.udt.on)}</span>
                    <span className="block text-xs">
                      {r.udt.interpretation === "EXPECTED"
                        ? "Expected"
                        : r.udt.interpretation === "UNEXPECTED"
                          ? "Unexpected"
                          : "Result pending"}
                    </span>
                  </>
                ) : (
                  none
                )}
              </td>
              <td className="px-2 py-2">
                {r.agreement.signedOn ? (
                  <span className="block whitespace-nowrap">Signed {d(r.agreement.signedOn)}</span>
                ) : (
                  <span className="block">Not signed</span>
                )}
                {r.agreement.current ? (
                  r.agreement.dueOn ? (
                    <span className="block text-xs whitespace-nowrap">Due {d(r.agreement.dueOn)}</span>
                  ) : null
                ) : (
                  <Chip icon={overdueIcon} tone="warn">
                    Due
                  </Chip>
                )}
              </td>
              <td className="px-2 py-2 whitespace-nowrap">{r.pdmpOn ? d(r.pdmpOn) : none}</td>
              <td className="px-2 py-2 whitespace-nowrap">{r.lastVisitOn ? d(r.lastVisitOn) : none}</td>
              <td className="px-2 py-2 whitespace-nowrap">{r.nextVisitOn ? d(r.nextVisitOn) : none}</td>
              <td className="px-2 py-2">
                {r.dea.flag ? (
                  <Chip icon={warningIcon} tone="bad">
                    {r.dea.ended
                      ? "Flexibility ended"
                      : `${r.dea.daysLeft} ${r.dea.daysLeft === 1 ? "day" : "days"} left`}
                  </Chip>
                ) : (
                  <span className="inline-flex items-center gap-1">
                    <Chip icon={noneIcon} tone="plain">
                      No flag
                    </Chip>
                  </span>
                )}
              </td>
              <td className="px-2 py-2">
                <span className="font-semibold">{r.openGapCount}</span>
                {r.openGaps.length ? (
                  <ul className="mt-1 list-disc pl-4 text-xs">
                    {r.openGaps.map((g) => (
                      <li key={g}>{careGapRule(g).title}</li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
