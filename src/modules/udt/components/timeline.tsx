import { formatInstant } from "../core/format";
import type { UdtTimelineEntry } from "../udt-orders.server";

/** The full event timeline of an order: who, when, what changed and the notes. */
export function UdtTimeline({ entries, timeZone }: { entries: UdtTimelineEntry[]; timeZone: string }) {
  return (
    <ol className="flex flex-col gap-3 border-l-2 border-slate-300 pl-4" aria-label="Order timeline">
      {entries.map((e) => (
        <li key={e.version} className="relative">
          <span
            aria-hidden="true"
            className="absolute top-1 -left-[1.4rem] h-3 w-3 rounded-full border-2 border-teal-800 bg-white"
          />
          <p className="font-semibold">{e.label}</p>
          <p className="text-sm text-slate-700">
            {formatInstant(e.at, timeZone)} · {e.actorName} (
            {e.actorRole === "SYSTEM" ? "automatic" : e.actorRole.toLowerCase()})
          </p>
          {e.notes ? <p className="mt-1 whitespace-pre-line">{e.notes}</p> : null}
        </li>
      ))}
    </ol>
  );
}
