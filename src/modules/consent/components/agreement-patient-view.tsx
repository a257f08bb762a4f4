import Link from "next/link";
import { Notice } from "@/components/ui/form-status";
import type { AgreementView } from "../get-agreement.server";
import { agreementMethodLabel } from "../core/agreement-rules";
import { formatDateTimeInZone } from "../../patients/core/format";
import { AgreementChip, renewByOf } from "./agreement-section";
import { RevokeOwnAgreementForm, SignAgreementForm } from "./agreement-forms";

/**
 * What the patient sees of their agreement, in the portal (/me/agreement) and from a secure link
 * (/a/agreement): the status in plain words, the agreement to read and sign when one is needed,
 * and (portal only) the way to revoke it with a confirmation step of its own. Plain forms: no
 * JavaScript needed.
 */
export function AgreementPatientView({
  view,
  timeZone,
  idempotencyKey,
  via,
  notice,
  revoking,
}: {
  view: AgreementView;
  timeZone: string;
  idempotencyKey: string;
  via: "portal" | "link";
  notice: "signed" | "revoked" | null;
  /** Portal: the record the patient asked to revoke (?revoke=<id>), when it is their current agreement. */
  revoking?: string | null;
}) {
  const s = view.status;
  const current = s.state === "signed" ? view.records.find((r) => r.id === s.recordId) : undefined;
  return (
    <div className="flex flex-col gap-5">
      {notice === "signed" && s.state === "signed" ? (
        <Notice kind="success">
          Thank you. Your agreement is signed. Your care team can see it. We will ask you to renew it by{" "}
          {renewByOf(s.renewBy.toISOString(), timeZone)}.
        </Notice>
      ) : null}
      {notice === "revoked" ? (
        <Notice kind="success">
          You revoked your agreement. Your care team can see this and will talk with you about your treatment at your
          next visit.
        </Notice>
      ) : null}
      {revoking && current?.id === revoking ? (
        <section aria-labelledby="revoke-agreement-h" className="rounded-xl border-2 border-red-700 bg-white p-4">
          <h2 id="revoke-agreement-h" className="mb-2 text-xl font-semibold">
            Revoke your treatment agreement?
          </h2>
          <ul className="mb-3 list-disc pl-5">
            <li>Your care team will see that you revoked it and will talk with you about your treatment.</li>
            <li>
              Your care does not stop. Please do not stop your medicine suddenly on your own: talk with your clinician
              first.
            </li>
            <li>You can sign the agreement again on this page at any time.</li>
          </ul>
          <RevokeOwnAgreementForm agreementId={current.id} />
        </section>
      ) : null}
      <section aria-labelledby="agreement-status-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="agreement-status-h" className="mb-2 text-xl font-semibold">
          Your agreement
        </h2>
        <p className="mb-3">
          <AgreementChip status={s} />
        </p>
        {s.state === "signed" && current ? (
          <p>
            {agreementMethodLabel[current.method]} on {formatDateTimeInZone(current.signedAt, timeZone)} (version{" "}
            {current.textVersion}). Please renew it by {renewByOf(current.renewBy, timeZone)}.
          </p>
        ) : s.state === "renewal_due" ? (
          <p>Your agreement needs to be renewed. Please read it again and sign below.</p>
        ) : s.state === "revoked" ? (
          <p>Your agreement was revoked. You can read it and sign it again below.</p>
        ) : (
          <p>You have not signed an agreement yet. Please read it and sign below.</p>
        )}
        {via === "portal" && s.state === "signed" && current && revoking !== current.id ? (
          <p className="mt-3">
            <Link
              href={`/me/agreement?revoke=${current.id}#revoke-agreement-h`}
              className="font-medium text-red-800 underline underline-offset-2"
            >
              Revoke my agreement
            </Link>
          </p>
        ) : null}
      </section>
      {view.needsSignature ? (
        <section aria-labelledby="agreement-sign-h" className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 id="agreement-sign-h" className="mb-2 text-xl font-semibold">
            {s.state === "signed" ? "Renew your agreement" : "Read and sign"}
          </h2>
          {view.text ? (
            <SignAgreementForm text={view.text} idempotencyKey={idempotencyKey} via={via} />
          ) : (
            <p>Your care team will go over the agreement with you at your visit.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
