import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getOwnVisitView } from "@/modules/scheduling/index.server";
import { RoomEntry } from "@/modules/video/components/room-entry";
import { pendingFormsForVisit } from "@/modules/video/index.server";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Video visit" };

/** A signed-in patient's video room (same room as the join link, entered from the portal). */
export default async function MyVideoVisitPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(["PATIENT"]);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const visit = await orNotFound(getOwnVisitView(actor, id, await getRequestContext()));
  const forms = await pendingFormsForVisit(visit.id, actor.patientId!);
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4">
      <h1 className="text-2xl font-bold">Video visit with {visit.clinicianName}</h1>
      {visit.modality === "VIDEO" ? (
        <RoomEntry visit={visit} via="account" formsHref={forms ? "/me/forms" : null} />
      ) : (
        <p>This visit is by phone now: the clinic will call you.</p>
      )}
      <Link href={`/me/visits/${visit.id}`} className="underline">
        Back to your visit
      </Link>
    </div>
  );
}
