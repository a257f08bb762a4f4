import type { Metadata } from "next";
import Link from "next/link";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { Icon } from "@/components/ui/icon";
import { backIcon } from "@/components/ui/icons";
import { parseInput } from "@/lib/input";
import { getPatientAgreement } from "@/modules/consent/index.server";
import { AgreementPatientView } from "@/modules/consent/components/agreement-patient-view";
import { requireActor } from "@/server/auth/actor";
import { getEnv } from "@/server/env";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Your treatment agreement" };

const querySchema = z.object({
  signed: z.literal("1").optional().catch(undefined),
  revoked: z.literal("1").optional().catch(undefined),
  revoke: z.uuid().optional().catch(undefined),
});

/**
 * The patient's opioid treatment agreement: read and sign (typed name), renew, or revoke (with a
 * confirmation step, ?revoke=<id>). Plain forms: works without JavaScript. A GET writes nothing
 * but its audit row.
 */
export default async function MyAgreementPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor(["PATIENT"]);
  if (!actor.patientId) return <p>Your account is not linked to a patient record yet. Please call the clinic.</p>;
  const q = parseInput(querySchema, await searchParams);
  const query = q.success ? q.data : {};
  const view = await getPatientAgreement(actor, actor.patientId, await getRequestContext());
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <p>
        <Link href="/me" className="underline">
          <Icon icon={backIcon} className="mr-1" />
          Back to my care
        </Link>
      </p>
      <h1 className="text-2xl font-bold">Your treatment agreement</h1>
      <p>
        When you take opioid pain medicine for a long time, you and your care team agree on how to use it safely. Read
        the agreement, then sign by typing your name. You can ask your care team about anything in it.
      </p>
      <AgreementPatientView
        view={view}
        timeZone={getEnv().CLINIC_TIME_ZONE}
        idempotencyKey={randomUUID()}
        via="portal"
        notice={query.signed ? "signed" : query.revoked ? "revoked" : null}
        revoking={query.revoke ?? null}
      />
    </div>
  );
}
