import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getOwnVisitView } from "@/modules/scheduling/index.server";
import { RoomEntry } from "@/modules/video/components/room-entry";
import { pendingFormsForVisit } from "@/modules/video/index.server";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { appPageLanguage } from "@/i18n/request-locale.server";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Video visit" };

/** A signed-in patient's video room (same room as the join link, entered from the portal). */
export default async function MyVideoVisitPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(["PATIENT"]);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const visit = await orNotFound(getOwnVisitView(actor, id, await getRequestContext()));
  const forms = await pendingFormsForVisit(visit.id, actor.patientId!);
  const language = await appPageLanguage(visit.preferredLanguage);
  const { t } = language;
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4">
      <h1 className="text-2xl font-bold">{t("video.heading", { name: visit.clinicianName })}</h1>
      {visit.modality === "VIDEO" ? (
        <RoomEntry visit={visit} via="account" formsHref={forms ? "/me/forms" : null} language={language} />
      ) : (
        <p>{t("video.nowPhone")}</p>
      )}
      <Link href={`/me/visits/${visit.id}`} className="underline">
        {t("video.back")}
      </Link>
    </div>
  );
}
