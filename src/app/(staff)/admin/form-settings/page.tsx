import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { updateFormSettingsAction } from "@/modules/assessments/actions";
import { getFormSettings } from "@/modules/assessments/index.server";
import { FormSettingsForm } from "@/modules/assessments/components/settings-form";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Form settings" };

export default async function FormSettingsPage() {
  const actor = await requireActor(["ADMIN"]);
  const s = await getFormSettings(actor);
  return (
    <>
      <PageHeader
        title="Pre-visit form settings"
        description="Which forms every booked visit requests, and how early they are due."
      />
      <FormSettingsForm
        action={updateFormSettingsAction}
        initial={{
          PEG: s.preVisitInstruments.includes("PEG"),
          PHQ9: s.preVisitInstruments.includes("PHQ9"),
          dueMinutesBefore: s.dueMinutesBefore,
          linkTtlHours: s.linkTtlHours,
        }}
      />
    </>
  );
}
