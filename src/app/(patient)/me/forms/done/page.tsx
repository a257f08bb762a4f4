import type { Metadata } from "next";
import { englishLanguage } from "@/i18n/request-locale.server";
import { notFound } from "next/navigation";
import { getSubmissionOutcome } from "@/modules/assessments/index.server";
import { SubmissionConfirmation } from "@/modules/assessments/components/patient-forms";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Answers sent" };

export default async function MyFormsDonePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor(["PATIENT"]);
  const { r } = await searchParams;
  if (typeof r !== "string" || !isUuid(r)) notFound();
  const outcome = await orNotFound(getSubmissionOutcome({ kind: "portal", actor }, r, await getRequestContext()));
  return (
    <div className="mx-auto max-w-2xl">
      <SubmissionConfirmation outcome={outcome} basePath="/me/forms" t={englishLanguage().t} />
    </div>
  );
}
