import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { updateCareProgramSettingsAction } from "@/modules/care-program/dea-actions";
import { CareProgramSettingsForm } from "@/modules/care-program/components/care-program-settings-form";
import { getCareProgramSettings } from "@/modules/care-program/index.server";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Care program settings" };

export default async function CareProgramSettingsPage() {
  const actor = await requireActor(["ADMIN"]);
  const settings = await getCareProgramSettings(actor);
  return (
    <>
      <PageHeader
        title="Care program settings"
        description="The thresholds behind the LTOT registry, the care gaps, the measures and the DEA telemedicine flag. The defaults and their sources are in docs/clinical-reference.md. Each change is audited."
      />
      <CareProgramSettingsForm action={updateCareProgramSettingsAction} initial={settings} />
    </>
  );
}
