import type { Metadata } from "next";
import { linkRespondent, listPendingForms } from "@/modules/assessments/index.server";
import { PendingFormsList } from "@/modules/assessments/components/patient-forms";
import { requireLinkSession } from "@/modules/patient-access/index.server";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Your forms" };

export default async function LinkFormsPage() {
  const respondent = linkRespondent(await requireLinkSession("forms"));
  const { forms, timeZone } = await listPendingForms(respondent, await getRequestContext());
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Forms before your visit</h1>
      <PendingFormsList forms={forms} basePath="/f/forms" timeZone={timeZone} />
    </div>
  );
}
