import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PatientVisitDetails } from "@/modules/scheduling/components/patient-visit-card";
import { getOwnVisitView } from "@/modules/scheduling/visits.server";
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
        {visit.modality === "VIDEO" && visit.status !== "CANCELLED" ? (
          <p className="mt-3 rounded-md border border-slate-300 p-3">The video call opens on this page a few minutes before your visit.</p>
        ) : null}
      </section>
      <Link href="/me" className="underline">
        Back to My care
      </Link>
    </div>
  );
}
