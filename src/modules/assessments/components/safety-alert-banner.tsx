import { dateTimeFormat } from "@/lib/intl-cache";
import Link from "next/link";
import type { Actor } from "../../identity/core/roles";
import { listOpenAlertGroups } from "../safety-alerts.server";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { countLabel } from "@/lib/count";
import { getEnv } from "@/server/env";
import { getRequestContext } from "@/server/request-context";

/** Patients listed in the banner on every staff page; the rest are one link away on /alerts. */
export const BANNER_PATIENTS = 5;

/**
 * Open PHQ-9 item 9 alerts at the top of every staff page until a clinician closes them
 * (docs/clinical-reference.md#phq-9-item-9-safety-event). Red, but also an icon and words. It
 * counts and lists patients, not alerts (docs/ux-principles.md): one patient who answered twice
 * is one line, with the latest answer and how many alerts are open.
 */
export async function SafetyAlertBanner({ actor }: { actor: Actor }) {
  const open = await listOpenAlertGroups(actor, await getRequestContext(), { limit: BANNER_PATIENTS, scope: "banner" });
  if (open.patients === 0) return null;
  const fmt = dateTimeFormat("en-US", {
    timeZone: getEnv().CLINIC_TIME_ZONE,
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const more = open.patients - open.groups.length;
  return (
    <section
      role="alert"
      aria-labelledby="safety-banner-h"
      className="border-b-4 border-red-900 bg-red-50 text-red-950"
    >
      <div className="mx-auto max-w-7xl px-4 py-3">
        <h2 id="safety-banner-h" className="flex items-center gap-2 text-lg font-bold">
          <Icon icon={warningIcon} /> Urgent: {countLabel(open.patients, "patient")} answered PHQ-9 item 9 above 0
        </h2>
        <p className="text-sm">
          Same-day suicide-risk assessment needed. A clinician records one follow-up per patient; it closes that
          patient&apos;s open alerts.
        </p>
        <ul className="mt-2 flex flex-col gap-1">
          {open.groups.map((g) => (
            <li key={g.patientId} className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="font-semibold">{g.patientName}</span>
              <span className="text-sm">
                MRN {g.mrn} · latest item 9 = {g.latestItem9Answer} · {fmt.format(new Date(g.latestAt))}
                {g.openCount > 1 ? ` · ${countLabel(g.openCount, "open alert")}` : ""}
              </span>
              <Link
                href={`/alerts/${g.latestAlertId}`}
                className="inline-flex min-h-11 items-center rounded-md bg-red-800 px-3 font-semibold text-white hover:bg-red-900"
              >
                {actor.role === "CLINICIAN" ? "Acknowledge and document" : "Open alert"}
                <span className="sr-only"> for {g.patientName}</span>
              </Link>
            </li>
          ))}
        </ul>
        {more > 0 ? (
          <p className="mt-2">
            <Link href="/alerts" className="inline-flex min-h-11 items-center font-semibold underline">
              See all {countLabel(open.patients, "patient")} with open alerts
            </Link>
          </p>
        ) : null}
      </div>
    </section>
  );
}
