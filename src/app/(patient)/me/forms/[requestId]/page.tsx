import type { Metadata } from "next";
import { englishLanguage } from "@/i18n/request-locale.server";
import { randomUUID } from "node:crypto";
import { notFound } from "next/navigation";
import { submitPortalFormAction } from "@/modules/assessments/actions";
import { getFormToFill } from "@/modules/assessments/index.server";
import { FormStep } from "@/modules/assessments/components/patient-forms";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "My form" };

export default async function MyFormPage({ params }: { params: Promise<{ requestId: string }> }) {
  const actor = await requireActor(["PATIENT"]);
  const { requestId } = await params;
  if (!isUuid(requestId)) notFound();
  const form = await orNotFound(getFormToFill({ kind: "portal", actor }, requestId, await getRequestContext()));
  return (
    <div className="mx-auto max-w-2xl">
      <FormStep form={form} action={submitPortalFormAction} idempotencyKey={randomUUID()} t={englishLanguage().t} />
    </div>
  );
}
