import { randomUUID } from "node:crypto";
import { Notice } from "@/components/ui/form-status";
import { Chip, IconText } from "@/components/ui/icon";
import { cancelledIcon, doneIcon, warningIcon } from "@/components/ui/icons";
import { formatDateTimeInZone } from "../../patients/core/format";
import {
  consentStateLabel,
  PATIENT_WITHDRAWAL_REASON,
  withdrawalNote,
  type ConsentStatus,
} from "../core/consent-rules";
import type { ConsentTextDto } from "../consent-texts.server";
import type { ConsentRecordDto, PatientConsents } from "../patient-consents.server";
import type { ConsentExceptionView } from "../start-consent.server";
import { RevokeConsentForm, VerbalConsentForm } from "./consent-forms";

export function ConsentChip({ label, status }: { label: string; status: ConsentStatus }) {
  const ok = status.state === "valid";
  return (
    <Chip icon={ok ? doneIcon : warningIcon} tone={ok ? "good" : "warn"}>
      {label}: {consentStateLabel[status.state]}
    </Chip>
  );
}

/** Chart section: consent status per modality, history (immutable records), capture and revoke. */
export function ConsentSection({
  patientId,
  consents,
  texts,
  timeZone,
}: {
  patientId: string;
  consents: PatientConsents;
  texts: ConsentTextDto[];
  timeZone: string;
}) {
  const valid = new Set([consents.video, consents.phone].flatMap((s) => (s.state === "valid" ? [s.recordId] : [])));
  return (
    <section aria-labelledby="consent-h" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="consent-h" className="mb-2 text-lg font-semibold">
        Telehealth consent
      </h2>
      <div className="mb-3 flex flex-wrap gap-2">
        <ConsentChip label="Video" status={consents.video} />
        <ConsentChip label="Telephone" status={consents.phone} />
      </div>
      {consents.records.length ? (
        <ul className="mb-4 flex flex-col gap-2">
          {consents.records.map((r) => (
            <li key={r.id} className="rounded-md border border-slate-200 p-2 text-sm">
              <p>
                <span className="font-semibold">{r.kind === "VIDEO" ? "Video" : "Telephone"}</span> ·{" "}
                {r.method === "VERBAL"
                  ? `verbal, recorded by ${r.capturedBy ?? "staff"}`
                  : `electronic, signed "${r.typedName}"`}{" "}
                · {formatDateTimeInZone(r.capturedAt, timeZone)} · text v{r.textVersion}
                {r.witnessName ? ` · witness ${r.witnessName}` : ""}
              </p>
              <p className="text-slate-700">
                {r.revokedAt ? (
                  <IconText icon={cancelledIcon}>{revokedLine(r, timeZone)}</IconText>
                ) : (
                  `Expires ${formatDateTimeInZone(r.expiresAt, timeZone)}`
                )}
              </p>
              {valid.has(r.id) ? <RevokeConsentForm consentId={r.id} /> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-3 text-slate-700">No consent on file yet.</p>
      )}
      {texts.length ? (
        <details>
          <summary className="cursor-pointer font-semibold text-teal-900">Record verbal consent</summary>
          <div className="mt-3">
            <VerbalConsentForm
              patientId={patientId}
              texts={texts.map((t) => ({ id: t.id, kind: t.kind, version: t.version, title: t.title, body: t.body }))}
              idempotencyKey={randomUUID()}
              defaultKind={consents.video.state === "valid" ? "PHONE" : "VIDEO"}
            />
          </div>
        </details>
      ) : (
        <p className="text-amber-900">
          ! No consent text is published yet: an administrator adds one under Consent texts.
        </p>
      )}
    </section>
  );
}

/** "Withdrawn by the patient in the portal ..." or "Revoked by <staff> ...", with the reason. */
function revokedLine(r: ConsentRecordDto, timeZone: string): string {
  const when = formatDateTimeInZone(r.revokedAt!, timeZone);
  if (r.revokedBy?.kind === "patient") {
    const note = withdrawalNote(r.revokedReason);
    return `${PATIENT_WITHDRAWAL_REASON} ${when}${note ? `: "${note}"` : ""}`;
  }
  return `Revoked ${when}${r.revokedBy ? ` by ${r.revokedBy.name}` : ""}: ${r.revokedReason ?? ""}`.trim();
}

/** The visit started without consent as an emergency: shown on the visit and its note. */
export function ConsentExceptionNotice({ exception, timeZone }: { exception: ConsentExceptionView; timeZone: string }) {
  return (
    <Notice kind="warning">
      Started without {exception.consentKind === "VIDEO" ? "video" : "telephone"} consent (emergency) on{" "}
      {formatDateTimeInZone(exception.at, timeZone)}
      {exception.byName ? ` by ${exception.byName}` : ""}. Reason: &ldquo;{exception.reason}&rdquo;. Record the
      patient&apos;s consent when they can give it.
    </Notice>
  );
}
