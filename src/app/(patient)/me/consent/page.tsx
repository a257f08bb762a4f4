import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Notice } from "@/components/ui/form-status";
import { Icon } from "@/components/ui/icon";
import { backIcon } from "@/components/ui/icons";
import { randomUUID } from "node:crypto";
import { parseInput } from "@/lib/input";
import { ElectronicConsentForm, WithdrawConsentForm } from "@/modules/consent/components/consent-forms";
import { ConsentChip } from "@/modules/consent/components/consent-section";
import { getCurrentConsentTexts, getPatientConsents } from "@/modules/consent/index.server";
import { formatDateTimeInZone } from "@/modules/patients/core/format";
import { getPatientTimeZone } from "@/modules/scheduling/index.server";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Consent for video and phone visits" };

const querySchema = z.object({
  withdraw: z.uuid().optional().catch(undefined),
  withdrawn: z.enum(["video", "phone"]).optional().catch(undefined),
});

/**
 * The patient's consents: say yes (typed name), or withdraw a yes they gave (the consent text
 * says they may change their mind at any time). Withdrawing has a confirmation step of its own
 * (?withdraw=<consent id>); both work without JavaScript. A GET changes nothing.
 */
export default async function MyConsentPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor(["PATIENT"]);
  if (!actor.patientId) return <p>Your account is not linked to a patient record yet. Please call the clinic.</p>;
  const q = parseInput(querySchema, await searchParams);
  const query = q.success ? q.data : {};
  const [consents, texts, timeZone] = await Promise.all([
    getPatientConsents(actor, actor.patientId, await getRequestContext()),
    getCurrentConsentTexts(),
    getPatientTimeZone(actor),
  ]);
  const items = [
    { kind: "VIDEO" as const, word: "video", label: "Video visits", status: consents.video, text: texts.VIDEO },
    { kind: "PHONE" as const, word: "phone", label: "Phone visits", status: consents.phone, text: texts.PHONE },
  ];
  const withdrawing = items.find((i) => i.status.state === "valid" && i.status.recordId === query.withdraw);
  const withdrawn = items.find((i) => i.word === query.withdrawn);
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <p>
        <Link href="/me" className="underline">
          <Icon icon={backIcon} className="mr-1" />
          Back to my care
        </Link>
      </p>
      <h1 className="text-2xl font-bold">Consent for video and phone visits</h1>
      {withdrawn ? (
        <Notice kind="success">
          You withdrew your consent to {withdrawn.word} visits. Your care team can see this. Before your next{" "}
          {withdrawn.word} visit, they will ask you again. You can also say yes again on this page at any time.
        </Notice>
      ) : null}
      {withdrawing && withdrawing.status.state === "valid" ? (
        <section aria-labelledby="withdraw-h" className="rounded-xl border-2 border-red-700 bg-white p-4">
          <h2 id="withdraw-h" className="mb-2 text-xl font-semibold">
            Withdraw your consent to {withdrawing.word} visits?
          </h2>
          <ul className="mb-3 list-disc pl-5">
            <li>Before your next {withdrawing.word} visit, your care team will ask you again.</li>
            <li>
              Your care does not stop. You can still come to the clinic. Your care team will see that you withdrew and
              may call you about your next visit.
            </li>
            <li>You can say yes again on this page at any time.</li>
          </ul>
          <WithdrawConsentForm consentId={withdrawing.status.recordId} kind={withdrawing.kind} />
        </section>
      ) : (
        <p>
          Before a video or phone visit, we need your OK. Read it, then sign by typing your name. You can change your
          mind at any time.
        </p>
      )}
      {items.map((i) => (
        <section
          key={i.kind}
          aria-labelledby={`c-${i.kind}`}
          className="rounded-xl border border-slate-200 bg-white p-4"
        >
          <h2 id={`c-${i.kind}`} className="mb-2 text-xl font-semibold">
            {i.label}
          </h2>
          <p className="mb-3">
            <ConsentChip label={i.label} status={i.status} />
          </p>
          {i.status.state === "valid" ? (
            <>
              <p>
                You already said yes. Thank you. Your yes is good until{" "}
                {formatDateTimeInZone(i.status.expiresAt.toISOString(), timeZone)}.
              </p>
              {withdrawing?.kind === i.kind ? null : (
                <p className="mt-3">
                  <Link
                    href={`/me/consent?withdraw=${i.status.recordId}#withdraw-h`}
                    className="font-medium text-red-800 underline underline-offset-2"
                  >
                    Withdraw my consent to {i.word} visits
                  </Link>
                </p>
              )}
            </>
          ) : i.text ? (
            <ElectronicConsentForm
              text={{
                id: i.text.id,
                kind: i.text.kind,
                version: i.text.version,
                title: i.text.title,
                body: i.text.body,
              }}
              idempotencyKey={randomUUID()}
            />
          ) : (
            <p>The clinic will go over this with you at your visit.</p>
          )}
        </section>
      ))}
    </div>
  );
}
