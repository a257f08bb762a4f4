import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PatientHeader } from "@/modules/patients/components/patient-header";
import { getPatient } from "@/modules/patients/index.server";
import { createUdtOrderAction } from "@/modules/udt/actions";
import { UdtOrderForm } from "@/modules/udt/components/order-form";
import { panelCatalog, panelCodes } from "@/modules/udt/core/substances";
import { getPatientUdtOverview } from "@/modules/udt/index.server";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Order urine drug test" };

export default async function NewUdtOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(["CLINICIAN"]);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const ctx = await getRequestContext();
  const patient = await orNotFound(getPatient(actor, id, ctx));
  const overview = await getPatientUdtOverview(actor, id, ctx);
  return (
    <>
      <PatientHeader patient={patient} />
      <p className="mb-4">
        <Link href={`/patients/${id}`} className="underline underline-offset-2">
          Back to chart
        </Link>
      </p>
      <h2 className="mb-2 text-xl font-bold">Order a remote urine drug test</h2>
      <p className="mb-4 max-w-2xl text-slate-700">
        Record why a test is needed now. CDC 2022 (Recommendation 10): consider testing before starting opioids and at
        least once a year during long-term therapy, or when there is a patient-safety concern.
      </p>
      <UdtOrderForm
        action={createUdtOrderAction.bind(null, id)}
        panels={panelCodes.map((c) => ({ value: c, label: panelCatalog[c].label }))}
        defaultWindowHours={overview.settings.collectionWindowHours}
        suggestedReason={overview.lastTest.overdue ? "NONE_IN_PAST_12_MONTHS" : ""}
      />
    </>
  );
}
