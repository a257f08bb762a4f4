import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { updateUdtSettingsAction } from "@/modules/udt/actions";
import { UdtSettingsForm } from "@/modules/udt/components/settings-form";
import { getUdtSettings } from "@/modules/udt/index.server";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Drug test settings" };

export default async function UdtSettingsPage() {
  const actor = await requireActor(["ADMIN"]);
  const settings = await getUdtSettings(actor);
  return (
    <>
      <PageHeader title="Urine drug test settings" description="Clinic-wide defaults for remote urine drug testing." />
      <UdtSettingsForm action={updateUdtSettingsAction} initial={settings} />
    </>
  );
}
