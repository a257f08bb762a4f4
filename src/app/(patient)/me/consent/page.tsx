import type { Metadata } from "next";
import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { backIcon } from "@/components/ui/icons";
import { randomUUID } from "node:crypto";
import { ElectronicConsentForm } from "@/modules/consent/components/consent-forms";
import { ConsentChip } from "@/modules/consent/components/consent-section";
import { getCurrentConsentTexts, getPatientConsents } from "@/modules/consent/consent.server";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Consent for video and phone visits" };

export default async function MyConsentPage() {
  const actor = await requireActor(["PATIENT"]);
  if (!actor.patientId) return <p>Your account is not linked to a patient record yet. Please call the clinic.</p>;
  const [consents, texts] = await Promise.all([getPatientConsents(actor, actor.patientId, await getRequestContext()), getCurrentConsentTexts()]);
  const items = [
    { kind: "VIDEO" as const, label: "Video visits", status: consents.video, text: texts.VIDEO },
    { kind: "PHONE" as const, label: "Phone visits", status: consents.phone, text: texts.PHONE },
  ];
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <p><Link href="/me" className="underline"><Icon icon={backIcon} className="mr-1" />Back to my care</Link></p>
      <h1 className="text-2xl font-bold">Consent for video and phone visits</h1>
      <p>Before a video or phone visit, we need your OK. Read it, then sign by typing your name.</p>
      {items.map((i) => (
        <section key={i.kind} aria-labelledby={`c-${i.kind}`} className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 id={`c-${i.kind}`} className="mb-2 text-xl font-semibold">{i.label}</h2>
          <p className="mb-3"><ConsentChip label={i.label} status={i.status} /></p>
          {i.status.state === "valid" ? (
            <p>You already said yes. Thank you.</p>
          ) : i.text ? (
            <ElectronicConsentForm text={{ id: i.text.id, kind: i.text.kind, version: i.text.version, title: i.text.title, body: i.text.body }} idempotencyKey={randomUUID()} />
          ) : (
            <p>The clinic will go over this with you at your visit.</p>
          )}
        </section>
      ))}
    </div>
  );
}
