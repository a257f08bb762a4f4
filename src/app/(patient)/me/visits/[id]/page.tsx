import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/ui/button-class";
import { PatientVisitDetails } from "@/modules/scheduling/components/patient-visit-card";
import { getOwnVisitView } from "@/modules/scheduling/index.server";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Your visit" };

export default async function MyVisitPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(["PATIENT"]);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const visit = await orNotFound(getOwnVisitView(actor, id, await getRequestContext()));
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4">
      <h1 className="text-2xl font-bold">Your visit</h1>
      <section className="rounded-xl border border-slate-200 bg-white p-4">
        <PatientVisitDetails visit={visit} icsHref={`/api/visits/${visit.id}/ics`} />
        {visit.modality === "VIDEO" && ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"].includes(visit.status) ? (
          <div className="mt-3 flex flex-col gap-2 rounded-md border border-slate-300 p-3">
            <p>
              The video room opens one hour before your visit. You will check your camera and sound, then wait until
              your clinician lets you in.
            </p>
            <p>
              <Link href={`/me/visits/${visit.id}/video`} className={buttonClass("primary")}>
                Join video visit
              </Link>
            </p>
          </div>
        ) : null}
      </section>
      <Link href="/me" className="underline">
        Back to My care
      </Link>
    </div>
  );
}
