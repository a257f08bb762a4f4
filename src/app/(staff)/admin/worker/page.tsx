import type { Metadata } from "next";
import { IconText } from "@/components/ui/icon";
import { doneIcon, noneIcon, pendingIcon, problemIcon, warningIcon } from "@/components/ui/icons";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { clinicTimeZone } from "@/modules/scheduling/index.server";
import { formatInZone } from "@/modules/scheduling/core/time";
import { requireActor } from "@/server/auth/actor";
import { getWorkerOverview } from "@/server/worker/status.server";
import type { JobHealth } from "@/server/worker/schedule";

export const metadata: Metadata = { title: "Background jobs" };

const healthText: Record<JobHealth, { icon: typeof doneIcon; text: string }> = {
  ok: { icon: doneIcon, text: "Working" },
  failing: { icon: problemIcon, text: "Last run failed" },
  late: { icon: warningIcon, text: "Late: not run on time" },
  never_run: { icon: pendingIcon, text: "Not run yet" },
  off: { icon: noneIcon, text: "Turned off" },
};

function every(seconds: number): string {
  if (seconds <= 0) return "off";
  if (seconds % 3600 === 0) return seconds === 3600 ? "every hour" : `every ${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "every minute" : `every ${seconds / 60} minutes`;
  return `every ${seconds} seconds`;
}

function resultText(r: Record<string, number> | null): string {
  if (!r) return "";
  const parts = Object.entries(r).filter(([, n]) => typeof n === "number");
  return parts.length ? parts.map(([k, n]) => `${k} ${n}`).join(", ") : "nothing to do";
}

export default async function WorkerPage() {
  const actor = await requireActor(["ADMIN"]);
  const w = await getWorkerOverview(actor);
  const tz = clinicTimeZone();
  const at = (d: Date | null) => (d ? formatInZone(d, tz, { withDate: true }) : "never");
  const troubled = w.jobs.filter((j) => j.health === "failing" || j.health === "late");
  return (
    <>
      <PageHeader
        title="Background jobs"
        description={`Work the app does on its own: one app instance at a time runs it. Times in clinic time (${tz}). This page only reads.`}
      />
      <div className="mb-4 flex flex-col gap-2">
        {troubled.length ? (
          <Notice kind="error">
            {`${troubled.length === 1 ? "One job needs" : `${troubled.length} jobs need`} attention: ${troubled.map((j) => j.name).join(", ")}. Check the server log for "worker.job_failed" and the database and mail settings; the job retries on its own.`}
          </Notice>
        ) : null}
        <p role="status">
          {w.lease
            ? w.lease.live
              ? `Running on instance ${w.lease.holder} since ${at(w.lease.acquiredAt)}${w.lease.holder === w.thisInstance ? " (the instance showing this page)" : ""}.`
              : `No instance holds the worker lease (the last, ${w.lease.holder}, stopped renewing it at ${at(w.lease.expiresAt)}): another instance takes over within a minute.`
            : "No instance has started the worker yet."}
        </p>
      </div>
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left">
          <caption className="sr-only">Background jobs, their last and next runs</caption>
          <thead className="bg-slate-100 text-sm">
            <tr>
              <th scope="col" className="px-3 py-2">
                Job
              </th>
              <th scope="col" className="px-3 py-2">
                State
              </th>
              <th scope="col" className="px-3 py-2">
                Last run
              </th>
              <th scope="col" className="px-3 py-2">
                Next run
              </th>
              <th scope="col" className="px-3 py-2">
                Runs / failures
              </th>
            </tr>
          </thead>
          <tbody>
            {w.jobs.map((j) => (
              <tr key={j.name} className="border-t border-slate-200 align-top" data-job={j.name} data-health={j.health}>
                <td className="px-3 py-2">
                  <span className="font-semibold">{j.name}</span>{" "}
                  <span className="text-sm text-slate-700">({every(j.everySeconds)})</span>
                  <p className="text-sm text-slate-700">{j.description}</p>
                </td>
                <td className="px-3 py-2">
                  <IconText icon={healthText[j.health].icon}>{healthText[j.health].text}</IconText>
                  {j.lastError ? <p className="text-sm text-red-900">{j.lastError}</p> : null}
                </td>
                <td className="px-3 py-2">
                  {at(j.lastFinishedAt ?? j.lastStartedAt)}
                  {j.lastFinishedAt ? <p className="text-sm text-slate-700">{resultText(j.lastResult)}</p> : null}
                </td>
                <td className="px-3 py-2">{j.everySeconds > 0 ? at(j.nextRunAt) : "-"}</td>
                <td className="px-3 py-2">
                  {`${j.runs} / ${j.failures}`}
                  {j.consecutiveFailures > 1 ? ` (${j.consecutiveFailures} in a row)` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
