import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { getLinkAgreement } from "@/modules/consent/index.server";
import { AgreementPatientView } from "@/modules/consent/components/agreement-patient-view";
import { requireLinkSession } from "@/modules/patient-access/index.server";
import { getEnv } from "@/server/env";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Your treatment agreement", referrer: "no-referrer" };

/**
 * The agreement from the clinic's secure link (purpose "agreement", behind the patient's date of
 * birth): read and sign by typed name. A plain form: works without JavaScript. Revoking is done
 * with the care team or in the portal.
 */
export default async function LinkAgreementPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireLinkSession("agreement");
  const { signed } = await searchParams;
  const view = await getLinkAgreement(session, await getRequestContext());
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Your treatment agreement</h1>
      <p>
        When you take opioid pain medicine for a long time, you and your care team agree on how to use it safely. Read
        the agreement, then sign by typing your name.
      </p>
      <AgreementPatientView
        view={view}
        timeZone={getEnv().CLINIC_TIME_ZONE}
        idempotencyKey={randomUUID()}
        via="link"
        notice={signed === "1" ? "signed" : null}
      />
      {view.needsSignature ? null : <p>You can close this page now.</p>}
    </div>
  );
}
