import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { finishLinkFormsAction } from "@/modules/assessments/actions";
import { getSubmissionOutcome, linkRespondent } from "@/modules/assessments/index.server";
import { SubmissionConfirmation } from "@/modules/assessments/components/patient-forms";
import { requireLinkSession } from "@/modules/patient-access/index.server";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Answers sent" };

export default async function LinkDonePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const respondent = linkRespondent(await requireLinkSession("forms"));
  const { r } = await searchParams;
  if (typeof r !== "string" || !isUuid(r)) notFound();
  const outcome = await orNotFound(getSubmissionOutcome(respondent, r, await getRequestContext()));
  return (
    <SubmissionConfirmation
      outcome={outcome}
      basePath="/f/forms"
      finishAction={outcome.remaining === 0 ? finishLinkFormsAction : undefined}
    />
  );
}
