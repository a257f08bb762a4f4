import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { notFound, redirect } from "next/navigation";
import { submitLinkFormAction } from "@/modules/assessments/actions";
import { getFormToFill } from "@/modules/assessments/assessments.server";
import { FormStep } from "@/modules/assessments/components/patient-forms";
import { getLinkRespondent } from "@/modules/assessments/link-session.server";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Your form" };

export default async function LinkFormPage({ params }: { params: Promise<{ requestId: string }> }) {
  const respondent = await getLinkRespondent();
  if (!respondent) redirect("/f/expired?reason=session");
  const { requestId } = await params;
  if (!isUuid(requestId)) notFound();
  const form = await orNotFound(getFormToFill(respondent, requestId, await getRequestContext()));
  return <FormStep form={form} action={submitLinkFormAction} idempotencyKey={randomUUID()} />;
}
