import type { IconNode } from "lucide";
import { buttonClass } from "@/components/ui/button-class";
import { Chip, Icon, type ChipTone } from "@/components/ui/icon";
import {
  cancelledIcon,
  doneIcon,
  infoIcon,
  inProgressIcon,
  noShowIcon,
  phoneIcon,
  scheduledIcon,
  videoIcon,
  waitingIcon,
} from "@/components/ui/icons";
import type { MessageKey, Translate } from "@/i18n/translator";
import { patientWhen } from "@/server/patient-page/when";
import { formatUsPhone } from "../../patients/core/format";
import { zoneAbbreviation } from "../core/time";
import type { VisitStatus } from "../core/visit-lifecycle";
import type { PatientVisitView } from "../patient-visit-view.server";

const statusLook: Record<VisitStatus, { icon: IconNode; tone: ChipTone; label: MessageKey }> = {
  SCHEDULED: { icon: scheduledIcon, tone: "neutral", label: "portal.visit.status.SCHEDULED" },
  CHECKED_IN: { icon: waitingIcon, tone: "warn", label: "portal.visit.status.CHECKED_IN" },
  IN_PROGRESS: { icon: inProgressIcon, tone: "good", label: "portal.visit.status.IN_PROGRESS" },
  COMPLETED: { icon: doneIcon, tone: "muted", label: "portal.visit.status.COMPLETED" },
  CANCELLED: { icon: cancelledIcon, tone: "bad", label: "portal.visit.status.CANCELLED" },
  NO_SHOW: { icon: noShowIcon, tone: "bad", label: "portal.visit.status.NO_SHOW" },
};

/**
 * A visit as the signed-in patient sees it on the portal's server HTML pages, in their language
 * (the same content as PatientVisitDetails: plain words, their own time zone, how the visit
 * happens, how to get ready, the advice to check insurance coverage). Static markup, no script.
 */
export function PortalVisitDetails({
  visit,
  t,
  locale,
  headingLevel = 2,
}: {
  visit: PatientVisitView;
  t: Translate;
  locale: string;
  headingLevel?: 2 | 3;
}) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const start = new Date(visit.startsAt);
  const cancelled = visit.status === "CANCELLED";
  const look = statusLook[visit.status];
  return (
    <div className="flex flex-col gap-3">
      <p className="text-xl font-semibold">{patientWhen(start, visit.timeZone, locale, t)}</p>
      <p className="text-sm text-slate-700">
        {t("portal.visit.zoneNote", { zone: zoneAbbreviation(start, visit.timeZone) })}
      </p>
      <p>
        {t("portal.visit.with", { clinician: visit.clinicianName, visitType: visit.visitTypeName })} ·{" "}
        <Chip icon={look.icon} tone={look.tone}>
          {t(look.label)}
        </Chip>
      </p>
      {cancelled ? (
        <p className="font-medium">{t("portal.visit.cancelled")}</p>
      ) : visit.modality === "VIDEO" ? (
        <p>
          <Icon icon={videoIcon} className="mr-1" />
          <span className="font-semibold">{t("portal.visit.videoTitle")}</span> {t("portal.visit.videoBody")}
        </p>
      ) : (
        <p>
          <Icon icon={phoneIcon} className="mr-1" />
          <span className="font-semibold">{t("portal.visit.phoneTitle")}</span>{" "}
          {t("portal.visit.phoneBody", { phone: formatUsPhone(visit.phoneNumber) })}
        </p>
      )}
      {!cancelled ? (
        <>
          <H className="mt-2 font-semibold">{t("portal.visit.readyTitle")}</H>
          <ul className="list-disc pl-6">
            <li>{t("portal.visit.readyQuiet")}</li>
            <li>{visit.modality === "VIDEO" ? t("portal.visit.readyVideo") : t("portal.visit.readyPhone")}</li>
            <li>{t("portal.visit.readyMeds")}</li>
            <li>{t("portal.visit.readyThink")}</li>
          </ul>
          <p className="rounded-md border border-slate-300 bg-slate-50 p-3">
            <Icon icon={infoIcon} className="mr-1" />
            {visit.modality === "VIDEO" ? t("portal.visit.insuranceVideo") : t("portal.visit.insurancePhone")}
          </p>
        </>
      ) : null}
      <p>
        <a href={`/api/visits/${visit.id}/ics`} download className={buttonClass("secondary")}>
          {t("portal.visit.ics")}
        </a>
      </p>
    </div>
  );
}
