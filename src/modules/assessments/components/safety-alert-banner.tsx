import Link from "next/link";
import type { Actor } from "../../identity/core/roles";
import { listOpenAlerts } from "../safety-alerts.server";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { getEnv } from "@/server/env";
import { getRequestContext } from "@/server/request-context";

/**
 * Open PHQ-9 item 9 alerts at the top of every staff page until a clinician closes them
 * (docs/clinical-reference.md#phq-9-item-9-safety-event). Red, but also an icon and words.
 */
export async function SafetyAlertBanner({ actor }: { actor: Actor }) {
  const alerts = await listOpenAlerts(actor, await getRequestContext());
  if (alerts.length === 0) return null;
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone: getEnv().CLINIC_TIME_ZONE, month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" });
  return (
    <section role="alert" aria-labelledby="safety-banner-h" className="border-b-4 border-red-900 bg-red-50 text-red-950">
      <div className="mx-auto max-w-7xl px-4 py-3">
        <h2 id="safety-banner-h" className="flex items-center gap-2 text-lg font-bold">
          <Icon icon={warningIcon} /> Urgent: {alerts.length === 1 ? "1 patient" : `${alerts.length} patients`} answered PHQ-9 item 9 above 0
        </h2>
        <p className="text-sm">Same-day suicide-risk assessment needed. A clinician acknowledges each alert and records the follow-up.</p>
        <ul className="mt-2 flex flex-col gap-1">
          {alerts.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="font-semibold">{a.patientName}</span>
              <span className="text-sm">MRN {a.mrn} · item 9 = {a.item9Answer} · {fmt.format(new Date(a.createdAt))}</span>
              <Link href={`/alerts/${a.id}`} className="inline-flex min-h-11 items-center rounded-md bg-red-800 px-3 font-semibold text-white hover:bg-red-900">
                {actor.role === "CLINICIAN" ? "Acknowledge and document" : "Open alert"}
                <span className="sr-only"> for {a.patientName}</span>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
