import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { finishLinkFormsAction } from "@/modules/assessments/actions";
import { getSubmissionOutcome } from "@/modules/assessments/assessments.server";
import { SubmissionConfirmation } from "@/modules/assessments/components/patient-forms";
import { getLinkRespondent } from "@/modules/assessments/link-session.server";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Answers sent" };

export default async function LinkDonePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const respondent = await getLinkRespondent();
  if (!respondent) redirect("/f/expired?reason=session");
  const { r } = await searchParams;
  if (typeof r !== "string" || !isUuid(r)) notFound();
  const outcome = await orNotFound(getSubmissionOutcome(respondent, r, await getRequestContext()));
  return <SubmissionConfirmation outcome={outcome} basePath="/f/forms" finishAction={outcome.remaining === 0 ? finishLinkFormsAction : undefined} />;
}
