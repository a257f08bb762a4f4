import Link from "next/link";
import { buttonClass } from "@/components/ui/button-class";
import { formatDuration, formatInstant } from "../core/format";
import { advanceFromQueueAction } from "../actions";
import type { Queue, QueueRow } from "../udt-queue.server";
import { OverdueBadge, StateChip } from "./status";

/** Steps a coordinator can take in one click from the queue; the rest open the order. */
function OneClick({ row, queue }: { row: QueueRow; queue: "coordinator" | "clinician" }) {
  const hidden = (
    <>
      <input type="hidden" name="patientId" value={row.patientId} />
      <input type="hidden" name="orderId" value={row.orderId} />
      <input type="hidden" name="queue" value={queue} />
      <input type="hidden" name="version" value={row.version} />
    </>
  );
  const open = `/patients/${row.patientId}/udt/${row.orderId}`;
  const btn = (event: string, label: string, extra?: React.ReactNode) => (
    <form action={advanceFromQueueAction} key={event}>
      {hidden}
      <input type="hidden" name="event" value={event} />
      {extra}
      <button type="submit" className={buttonClass("secondary")} aria-label={`${label}: ${row.patientName}`}>
        {label}
      </button>
    </form>
  );
  const parts: React.ReactNode[] = [];
  for (const a of row.actions) {
    switch (a) {
      case "INSTRUCT":
        parts.push(btn("INSTRUCT", "Instructed by phone", <input type="hidden" name="channel" value="PHONE" />));
        break;
      case "RECORD_COLLECTION":
        parts.push(btn("RECORD_COLLECTION", "Sample collected"));
        break;
      case "REOPEN_WINDOW":
        parts.push(btn("REOPEN_WINDOW", "Set new window"));
        break;
      case "ORDER_CONFIRMATION":
        parts.push(
          btn("ORDER_CONFIRMATION", "Order LC-MS confirmation", <input type="hidden" name="method" value="LC_MS" />),
        );
        break;
      case "CLOSE":
        parts.push(btn("CLOSE", "Close order"));
        break;
      case "RECORD_RESULT":
      case "RECORD_CONFIRMATION":
      case "REVIEW":
      case "DISCUSS":
      case "MISS_WINDOW":
      case "INTERPRET_EXPECTED":
      case "INTERPRET_UNEXPECTED":
      case "CANCEL":
        break;
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      {parts}
      <Link
        href={open}
        className="font-medium text-teal-900 underline underline-offset-2"
        aria-label={`Open order: ${row.patientName}`}
      >
        Open
      </Link>
    </div>
  );
}

export function UdtQueueTable({
  queue,
  data,
  now,
  timeZone,
}: {
  queue: "coordinator" | "clinician";
  data: Queue;
  now: Date;
  timeZone: string;
}) {
  if (data.rows.length === 0) return <p className="text-slate-700">Nothing is due. </p>;
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left">
        <caption className="sr-only">
          {queue === "coordinator" ? "Coordinator" : "Clinician"} urine drug test queue, overdue first
        </caption>
        <thead className="bg-slate-100 text-sm">
          <tr>
            <th scope="col" className="px-3 py-2">
              Patient
            </th>
            <th scope="col" className="px-3 py-2">
              Due step
            </th>
            <th scope="col" className="px-3 py-2">
              Due ({timeZone})
            </th>
            <th scope="col" className="px-3 py-2">
              Status
            </th>
            <th scope="col" className="px-3 py-2">
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr
              key={r.orderId}
              className={`border-t border-slate-200 align-top ${r.overdue ? "bg-red-50" : ""}`}
              data-overdue={r.overdue ? "true" : undefined}
            >
              <td className="px-3 py-2">
                <Link
                  href={`/patients/${r.patientId}`}
                  className="font-semibold text-teal-900 underline underline-offset-2"
                >
                  {r.patientName}
                </Link>
                <span className="block text-sm text-slate-700">
                  MRN {r.mrn} · {r.collectionMethod === "LAB_PSC" ? "Lab" : "Home kit, video-observed"}
                </span>
              </td>
              <td className="px-3 py-2 font-medium">{r.dueStep}</td>
              <td className="px-3 py-2">
                {r.dueAt ? formatInstant(r.dueAt, timeZone) : "—"}
                {r.overdue ? <OverdueBadge escalated={r.escalated} /> : null}
                {r.dueAt ? (
                  <span className="block text-sm text-slate-700">
                    {r.dueAt < now
                      ? `${formatDuration(now.getTime() - r.dueAt.getTime())} ago`
                      : `in ${formatDuration(r.dueAt.getTime() - now.getTime())}`}
                  </span>
                ) : null}
              </td>
              <td className="px-3 py-2">
                <StateChip state={r.state} />
              </td>
              <td className="px-3 py-2">
                <OneClick row={r} queue={queue} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
