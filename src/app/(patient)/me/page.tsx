import type { Metadata } from "next";
import { formatDateOnly, formatUsPhone } from "@/modules/patients/core/format";
import { languages, usStates } from "@/modules/patients/core/reference";
import { getPatient } from "@/modules/patients/patients.server";
import { PendingFormsCard } from "@/modules/assessments/components/pending-forms-card";
import { requireActor } from "@/server/auth/actor";
import { orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "My care" };

export default async function PatientHome() {
  const actor = await requireActor(["PATIENT"]);
  if (!actor.patientId) {
    return <p>Your account is not linked to a patient record yet. Please call the clinic.</p>;
  }
  const me = await orNotFound(getPatient(actor, actor.patientId, await getRequestContext()));
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <h1 className="text-2xl font-bold">Hello, {me.givenName}</h1>
      <section aria-labelledby="visit-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="visit-h" className="text-lg font-semibold">Your next visit</h2>
        <p className="mt-1 text-slate-700">You have no visits booked right now. The clinic will contact you to set one up.</p>
      </section>
      <PendingFormsCard actor={actor} />
      <section aria-labelledby="profile-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="profile-h" className="mb-2 text-lg font-semibold">Your details</h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2">
          <dt className="text-slate-600">Name</dt>
          <dd>{me.name}</dd>
          <dt className="text-slate-600">Date of birth</dt>
          <dd>{formatDateOnly(me.birthDate)}</dd>
          <dt className="text-slate-600">Phone</dt>
          <dd>{formatUsPhone(me.phone) || "None on file"}</dd>
          <dt className="text-slate-600">Email</dt>
          <dd>{me.email ?? "None on file"}</dd>
          <dt className="text-slate-600">State</dt>
          <dd>{usStates[me.stateOfResidence as keyof typeof usStates] ?? me.stateOfResidence}</dd>
          <dt className="text-slate-600">Language</dt>
          <dd>{languages[me.preferredLanguage as keyof typeof languages] ?? me.preferredLanguage}</dd>
          <dt className="text-slate-600">Your clinician</dt>
          <dd>{me.primaryClinicianName ?? "Not assigned yet"}</dd>
        </dl>
        <p className="mt-3 text-sm text-slate-700">If something is wrong, tell the clinic at your next call or visit.</p>
      </section>
    </div>
  );
}
