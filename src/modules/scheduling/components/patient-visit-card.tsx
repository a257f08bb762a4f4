import { buttonClass } from "@/components/ui/button-class";
import { Icon } from "@/components/ui/icon";
import { infoIcon, phoneIcon, videoIcon } from "@/components/ui/icons";
import { formatUsPhone } from "../../patients/core/format";
import { formatInZone, zoneAbbreviation } from "../core/time";
import type { PatientVisitView } from "../patient-visit-view.server";
import { StatusChip } from "./visit-chips";

/**
 * A visit as the patient sees it: plain words (about 6th-grade), their own time zone, how the
 * visit happens, how to get ready, and the handout's advice to check insurance coverage.
 */
export function PatientVisitDetails({
  visit,
  icsHref,
  headingLevel = 2,
}: {
  visit: PatientVisitView;
  icsHref: string | null;
  headingLevel?: 2 | 3;
}) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const start = new Date(visit.startsAt);
  const cancelled = visit.status === "CANCELLED";
  return (
    <div className="flex flex-col gap-3">
      <p className="text-xl font-semibold">
        {new Intl.DateTimeFormat("en-US", {
          timeZone: visit.timeZone,
          weekday: "long",
          month: "long",
          day: "numeric",
        }).format(start)}
        {" at "}
        {formatInZone(start, visit.timeZone, { withDate: false })}
      </p>
      <p className="text-sm text-slate-700">
        Time shown in your time zone ({zoneAbbreviation(start, visit.timeZone)}).
      </p>
      <p>
        With <span className="font-semibold">{visit.clinicianName}</span> · {visit.visitTypeName} ·{" "}
        <StatusChip status={visit.status} patient />
      </p>
      {cancelled ? (
        <p className="font-medium">This visit was cancelled. The clinic will contact you to find a new time.</p>
      ) : visit.modality === "VIDEO" ? (
        <p>
          <Icon icon={videoIcon} className="mr-1" />
          <span className="font-semibold">Video visit.</span> Use a phone, tablet or computer with a camera. Open your
          visit page a few minutes before the start time.
        </p>
      ) : (
        <p>
          <Icon icon={phoneIcon} className="mr-1" />
          <span className="font-semibold">Phone visit.</span> We will call you at{" "}
          <span className="font-semibold">{formatUsPhone(visit.phoneNumber)}</span>. If that number is wrong, please
          call the clinic.
        </p>
      )}
      {!cancelled ? (
        <>
          <H className="mt-2 font-semibold">How to get ready</H>
          <ul className="list-disc pl-6">
            <li>Find a quiet, private place where you can talk.</li>
            {visit.modality === "VIDEO" ? (
              <li>Charge your device and check that your camera and sound work.</li>
            ) : (
              <li>Keep your phone charged and the ringer on.</li>
            )}
            <li>Have your medicines (or a list of them) near you.</li>
            <li>Think about how your pain has been and what you want to ask.</li>
          </ul>
          <p className="rounded-md border border-slate-300 bg-slate-50 p-3">
            <Icon icon={infoIcon} className="mr-1" />
            Please check with your insurance company that they pay for {visit.modality === "VIDEO"
              ? "video"
              : "phone"}{" "}
            visits.
          </p>
        </>
      ) : null}
      {icsHref ? (
        <p>
          <a href={icsHref} download className={buttonClass("secondary")}>
            Add to my calendar (.ics)
          </a>
        </p>
      ) : null}
    </div>
  );
}
