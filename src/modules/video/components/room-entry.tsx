import { appCatalogs } from "@/i18n/catalogs";
import { PatientIntlProvider } from "@/i18n/patient-intl-provider";
import type { PageLanguage } from "@/i18n/request-locale.server";
import type { PatientVisitView } from "@/modules/scheduling/index.server";
import { roomAccess, roomOpensAt } from "../core/room-rules";
import { PatientRoom } from "./patient-room";

/** A time in the reader's zone and language ("Wed, Dec 2, 3:00 PM PST", "mié, 2 dic, 3:00 p.m. PST"). */
function timeText(instant: Date, timeZone: string, t: PageLanguage["t"], withDate = true): string {
  return new Intl.DateTimeFormat(t("format.intlLocale"), {
    timeZone,
    ...(withDate ? { weekday: "short", month: "short", day: "numeric" } : {}),
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(instant);
}

/**
 * What a patient or guest sees where the video room lives: the room itself while it is open,
 * otherwise when it opens (or why it is closed). Video needs JavaScript; without it the page
 * says so and offers the phone. In the page's language (`language`, docs/decisions/i18n.md):
 * the room's client components read the same catalog through PatientIntlProvider.
 */
export function RoomEntry({
  visit,
  via,
  formsHref,
  language,
  now = new Date(),
}: {
  visit: Pick<PatientVisitView, "id" | "status" | "modality" | "startsAt" | "endsAt" | "timeZone" | "clinicianName">;
  via: "account" | "link" | "guest";
  formsHref: string | null;
  language: PageLanguage;
  now?: Date;
}) {
  const { t, locale } = language;
  const access = roomAccess(
    {
      status: visit.status,
      modality: visit.modality,
      startsAt: new Date(visit.startsAt),
      endsAt: new Date(visit.endsAt),
    },
    now,
    via === "guest" ? "guest" : "patient",
  );
  if (!access.ok) {
    if (access.reason === "too_early") {
      return (
        <p className="rounded-md border border-slate-300 p-3">
          {t("video.opensAt", { time: timeText(roomOpensAt(new Date(visit.startsAt)), visit.timeZone, t) })}{" "}
          {via === "link" ? t("video.comeBackLink") : t("video.comeBack")}
        </p>
      );
    }
    if (access.reason === "not_video") return null;
    return (
      <p className="rounded-md border border-slate-300 p-3">
        {access.reason === "cancelled" ? t("video.cancelled") : t("video.over")}
      </p>
    );
  }
  const catalog = appCatalogs()[locale] ?? appCatalogs().en!;
  return (
    <>
      <noscript>
        <p className="rounded-md border-2 border-amber-600 bg-amber-50 p-3">{t("video.noScript")}</p>
      </noscript>
      <PatientIntlProvider locale={locale} messages={{ video: catalog.video }}>
        <PatientRoom
          visitId={visit.id}
          via={via}
          clinicianName={visit.clinicianName}
          whenText={timeText(new Date(visit.startsAt), visit.timeZone, t)}
          formsHref={formsHref}
        />
      </PatientIntlProvider>
    </>
  );
}
