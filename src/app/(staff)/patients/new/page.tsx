import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { createPatientAction } from "@/modules/patients/actions";
import { PatientForm } from "@/modules/patients/components/patient-form";
import { listClinicians } from "@/modules/patients/index.server";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Add patient" };

export default async function NewPatientPage() {
  const actor = await requireActor(careTeamRoles);
  const clinicians = await listClinicians(actor);
  return (
    <>
      <PageHeader title="Add patient" description="Fields marked required are needed to schedule visits." />
      <PatientForm
        action={createPatientAction}
        initial={{ canDoVideo: "on", timeZone: "America/Los_Angeles", preferredLanguage: "en" }}
        clinicians={clinicians}
        submitLabel="Add patient"
      />
    </>
  );
}
