import type { Metadata } from "next";
import { englishLanguage } from "@/i18n/request-locale.server";
import { listPendingForms } from "@/modules/assessments/index.server";
import { PendingFormsList } from "@/modules/assessments/components/patient-forms";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "My forms" };

export default async function MyFormsPage() {
  const actor = await requireActor(["PATIENT"]);
  const { forms, timeZone } = await listPendingForms({ kind: "portal", actor }, await getRequestContext());
  const { t } = englishLanguage();
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4">
      <h1 className="text-2xl font-bold">{t("forms.listTitlePortal")}</h1>
      <PendingFormsList forms={forms} basePath="/me/forms" timeZone={timeZone} t={t} locale="en" />
    </div>
  );
}
