import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { updatePatientAction } from "@/modules/patients/actions";
import { PatientForm } from "@/modules/patients/components/patient-form";
import { getPatient, listClinicians } from "@/modules/patients/index.server";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Edit patient" };

export default async function EditPatientPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(careTeamRoles);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const [patient, clinicians] = await Promise.all([
    orNotFound(getPatient(actor, id, await getRequestContext())),
    listClinicians(actor),
  ]);
  return (
    <>
      <PageHeader title={`Edit ${patient.name}`} />
      <PatientForm
        action={updatePatientAction.bind(null, patient.id)}
        clinicians={clinicians}
        submitLabel="Save changes"
        initial={{
          mrn: patient.mrn,
          givenName: patient.givenName,
          familyName: patient.familyName,
          birthDate: patient.birthDate,
          phone: patient.phone ?? "",
          email: patient.email ?? "",
          timeZone: patient.timeZone,
          preferredLanguage: patient.preferredLanguage,
          stateOfResidence: patient.stateOfResidence,
          canDoVideo: patient.canDoVideo ? "on" : "",
          allergies: patient.allergies ?? "",
          primaryClinicianId: patient.primaryClinicianId ?? "",
        }}
      />
    </>
  );
}
