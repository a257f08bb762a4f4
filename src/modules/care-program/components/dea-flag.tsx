import { Icon } from "@/components/ui/icon";
import { overdueIcon, warningIcon } from "@/components/ui/icons";
import type { Actor } from "../../identity/core/roles";
import type { RequestContext } from "@/server/request-context";
import type { DeaTelemedicineStatus } from "../core/dea";
import { deaFlagText } from "../core/dea-flag";
import { getPatientDeaStatus } from "../index.server";

/**
 * The DEA telemedicine flag (docs/clinical-reference.md#dea-telemedicine-flag): a server
 * component, nothing when there is nothing to flag. `compact` is one line for list rows (the
 * registry, the huddle); the full flag says what to do. It never blocks anything: it informs.
 * Give it a status computed in bulk (deaStatusesFor in index.server.ts), or use
 * PatientDeaFlag below for one patient.
 */
export function DeaFlag({
  status,
  compact = false,
  chartHref,
  id,
}: {
  status: DeaTelemedicineStatus;
  compact?: boolean;
  chartHref?: string;
  id?: string;
}) {
  const t = deaFlagText(status);
  if (!t) return null;
  const urgent = t.tone === "urgent";
  if (compact) {
    return (
      <span
        className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-sm font-semibold ${urgent ? "border-red-700 bg-red-50 text-red-900" : "border-amber-700 bg-amber-50 text-amber-950"}`}
        title={t.headline}
      >
        <Icon icon={urgent ? overdueIcon : warningIcon} />
        {t.short}
        <span className="sr-only">: {t.headline}</span>
      </span>
    );
  }
  const meds =
    status.status === "RELIES_ON_FLEXIBILITY" || status.status === "FLEXIBILITY_ENDED" ? status.controlled : [];
  return (
    <section
      id={id}
      aria-label="DEA telemedicine prescribing"
      data-testid="dea-flag"
      className={`flex items-start gap-2 rounded-md border px-3 py-2 ${urgent ? "border-red-700 bg-red-50 text-red-900" : "border-amber-700 bg-amber-50 text-amber-950"}`}
    >
      <Icon icon={urgent ? overdueIcon : warningIcon} className="mt-1" />
      <div>
        <p className="font-semibold">{t.headline}</p>
        <p>
          {t.action}
          {chartHref ? (
            <>
              {" "}
              <a href={chartHref} className="font-semibold underline">
                Record an in-person evaluation
              </a>
              .
            </>
          ) : null}
        </p>
        {meds.length ? (
          <p className="text-sm">
            Controlled: {meds.map((m) => `${m.name} (schedule ${m.schedule})`).join(", ")}. Prescribing is not blocked.
          </p>
        ) : null}
      </div>
    </section>
  );
}

/** The flag for one patient, loading its status (audited as a read). */
export async function PatientDeaFlag({
  actor,
  patientId,
  ctx,
  chartHref,
}: {
  actor: Actor;
  patientId: string;
  ctx: RequestContext;
  chartHref?: string;
}) {
  const status = await getPatientDeaStatus(actor, patientId, ctx);
  return <DeaFlag status={status} chartHref={chartHref} />;
}
