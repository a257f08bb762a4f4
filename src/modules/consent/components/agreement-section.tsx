import { Chip, IconText } from "@/components/ui/icon";
import { cancelledIcon, doneIcon, noneIcon, overdueIcon, warningIcon } from "@/components/ui/icons";
import { formatDateOnly, formatDateTimeInZone } from "../../patients/core/format";
import type { AgreementRecordDto, AgreementView } from "../get-agreement.server";
import {
  agreementMethodLabel,
  agreementRevocationNote,
  agreementStateLabel,
  PATIENT_AGREEMENT_REVOCATION_REASON,
  renewalDateIn,
  type AgreementStatus,
} from "../core/agreement-rules";
import {
  RecordAgreementForm,
  RevokeAgreementForm,
  SendAgreementLinkForm,
  type AgreementLinkState,
} from "./agreement-forms";

const chipOf: Record<AgreementStatus["state"], { icon: typeof doneIcon; tone: "good" | "warn" | "bad" | "muted" }> = {
  signed: { icon: doneIcon, tone: "good" },
  renewal_due: { icon: overdueIcon, tone: "warn" },
  revoked: { icon: cancelledIcon, tone: "bad" },
  none: { icon: noneIcon, tone: "muted" },
};

export function AgreementChip({ status }: { status: AgreementStatus }) {
  const c =
    status.state === "signed" && status.renewalSoon
      ? { icon: warningIcon, tone: "warn" as const }
      : chipOf[status.state];
  return (
    <Chip icon={c.icon} tone={c.tone}>
      Agreement: {agreementStateLabel[status.state]}
      {status.state === "signed" && status.renewalSoon ? " (renewal soon)" : ""}
    </Chip>
  );
}

/** "Renew by" date of a record, in the clinic's calendar. */
export const renewByOf = (iso: string, timeZone: string) => formatDateOnly(renewalDateIn(new Date(iso), timeZone));

/** One line of what the status is, in words (the chip repeats it). */
export function agreementStatusLine(view: AgreementView, timeZone: string): string {
  const s = view.status;
  const rec = s.state === "none" ? null : view.records.find((r) => r.id === s.recordId);
  const version = rec ? ` (text version ${rec.textVersion})` : "";
  switch (s.state) {
    case "none":
      return "No agreement on file.";
    case "signed":
      return `Signed on ${formatDateTimeInZone(s.signedAt.toISOString(), timeZone)}${version}. Renew by ${renewByOf(s.renewBy.toISOString(), timeZone)}.`;
    case "renewal_due":
      return `Signed on ${formatDateTimeInZone(s.signedAt.toISOString(), timeZone)}${version}. Renewal was due ${renewByOf(s.renewBy.toISOString(), timeZone)}.`;
    case "revoked":
      return `Signed on ${formatDateTimeInZone(s.signedAt.toISOString(), timeZone)}${version}. Revoked on ${formatDateTimeInZone(s.revokedAt.toISOString(), timeZone)}.`;
  }
}

function howLine(r: AgreementRecordDto): string {
  const how = agreementMethodLabel[r.method];
  if (r.method === "ELECTRONIC") return `${how}, typed name "${r.typedName ?? ""}"`;
  return `${how}, recorded by ${r.recordedBy ?? "staff"}${r.witnessName ? `, witness ${r.witnessName}` : ""}`;
}

function revokedLine(r: AgreementRecordDto, timeZone: string): string {
  const when = formatDateTimeInZone(r.revokedAt!, timeZone);
  if (r.revokedBy?.kind === "patient") {
    const note = agreementRevocationNote(r.revokedReason);
    return `${PATIENT_AGREEMENT_REVOCATION_REASON} ${when}${note ? `: "${note}"` : ""}`;
  }
  return `Revoked ${when}${r.revokedBy ? ` by ${r.revokedBy.name}` : ""}: ${r.revokedReason ?? ""}`.trim();
}

/**
 * Chart section (id="agreement"): the status (signed on / renew by / revoked / none, with the
 * text version), the history (immutable records), and what staff do: record a paper or verbal
 * agreement, send a link to sign, revoke the current one.
 */
export function AgreementSection({
  patientId,
  view,
  timeZone,
  idempotencyKey,
  sendLinkAction,
  origin,
}: {
  patientId: string;
  view: AgreementView;
  timeZone: string;
  idempotencyKey: string;
  sendLinkAction: (prev: AgreementLinkState, fd: FormData) => Promise<AgreementLinkState>;
  origin: string;
}) {
  const current = view.status.state === "signed" ? view.status.recordId : null;
  return (
    <section id="agreement" aria-labelledby="agreement-h" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="agreement-h" className="mb-2 text-lg font-semibold">
        Opioid treatment agreement
      </h2>
      <p className="mb-2">
        <AgreementChip status={view.status} />
      </p>
      <p className="mb-1">{agreementStatusLine(view, timeZone)}</p>
      <p className="mb-3 text-sm text-slate-700">Renewed every {view.renewalMonths} months (clinic setting).</p>
      {view.records.length ? (
        <>
          <h3 className="mb-1 font-semibold">History</h3>
          <ul className="mb-4 flex flex-col gap-2">
            {view.records.map((r) => (
              <li key={r.id} className="rounded-md border border-slate-200 p-2 text-sm">
                <p>
                  <span className="font-semibold">{formatDateTimeInZone(r.signedAt, timeZone)}</span> · {howLine(r)} ·
                  text v{r.textVersion}
                </p>
                <p className="text-slate-700">
                  {r.revokedAt ? (
                    <IconText icon={cancelledIcon}>{revokedLine(r, timeZone)}</IconText>
                  ) : (
                    `Renew by ${renewByOf(r.renewBy, timeZone)}`
                  )}
                </p>
                {r.id === current ? <RevokeAgreementForm agreementId={r.id} /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.text ? (
        <div className="flex flex-col gap-3">
          <details>
            <summary className="cursor-pointer font-semibold text-teal-900">Record a paper or verbal agreement</summary>
            <div className="mt-3">
              <RecordAgreementForm patientId={patientId} text={view.text} idempotencyKey={idempotencyKey} />
            </div>
          </details>
          <details>
            <summary className="cursor-pointer font-semibold text-teal-900">Send the patient a link to sign</summary>
            <div className="mt-3">
              <p className="mb-2 text-sm text-slate-700">
                Creates a secure link to read and sign the agreement (version {view.text.version}). Send it by text or
                email.
              </p>
              <SendAgreementLinkForm action={sendLinkAction} origin={origin} timeZone={timeZone} />
            </div>
          </details>
        </div>
      ) : (
        <p className="text-amber-900">
          ! No agreement text is published yet: an administrator adds one under Consent texts.
        </p>
      )}
    </section>
  );
}
