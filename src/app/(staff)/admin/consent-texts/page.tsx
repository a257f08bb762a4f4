import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { PublishConsentTextForm } from "@/modules/care-plan/components/admin-forms";
import { listConsentTexts } from "@/modules/consent/index.server";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Consent texts" };

const kindLabel = { VIDEO: "Video", PHONE: "Telephone", OPIOID_AGREEMENT: "Opioid treatment agreement" } as const;

export default async function ConsentTextsPage() {
  const actor = await requireActor(["ADMIN"]);
  const texts = await listConsentTexts(actor);
  return (
    <>
      <PageHeader
        title="Consent texts"
        description="Video and telephone consent, and the opioid treatment agreement. Publishing a new version never changes consents or agreements already given: each record keeps the version it was given under."
      />
      <ul className="mb-8 flex flex-col gap-3">
        {texts.map((t) => (
          <li key={t.id} className="rounded-lg border border-slate-200 bg-white p-3">
            <p className="font-semibold">
              {kindLabel[t.kind]} · version {t.version} · {t.title}
            </p>
            <details>
              <summary className="cursor-pointer">Show text</summary>
              <p className="mt-2 whitespace-pre-line">{t.body}</p>
            </details>
          </li>
        ))}
      </ul>
      <h2 className="mb-3 text-lg font-semibold">Publish a new version</h2>
      <PublishConsentTextForm />
    </>
  );
}
