import type { Metadata } from "next";
import { listPendingForms } from "@/modules/assessments/index.server";
import { PendingFormsList } from "@/modules/assessments/components/patient-forms";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "My forms" };

export default async function MyFormsPage() {
  const actor = await requireActor(["PATIENT"]);
  const { forms, timeZone } = await listPendingForms({ kind: "portal", actor }, await getRequestContext());
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4">
      <h1 className="text-2xl font-bold">Before your visit</h1>
      <PendingFormsList forms={forms} basePath="/me/forms" timeZone={timeZone} />
    </div>
  );
}
