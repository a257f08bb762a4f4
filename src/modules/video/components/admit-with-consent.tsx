"use client";

import { useState } from "react";
import { buttonClass } from "@/components/ui/button-class";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { consentStateLabel, type ConsentKind } from "../../consent/core/consent-rules";
import { startConsentLabels } from "../../consent/core/start-consent";

/** What the room knows about the consent admitting the patient needs (server-rendered, updated by a refused admit). */
export type RoomStartConsent = {
  kind: ConsentKind;
  state: "valid" | "missing" | "expired" | "revoked";
  text: { id: string; version: number; title: string; body: string } | null;
};

export type AdmitConsent = { method: "verbal"; textId: string; agreed: true } | { method: "emergency"; reason: string };

/**
 * In place of "Admit <patient>" when no consent is on file (letting the patient in starts the
 * visit): "Record verbal consent and admit" (read the current text, tick that the patient agreed
 * out loud: one step) or "Admit without consent (emergency)" with the reason. The server decides
 * again and records either in the transaction that admits (core/start-consent.ts).
 */
export function AdmitWithConsent({
  participantId,
  name,
  consent,
  disabled,
  busy,
  onAdmit,
}: {
  participantId: string;
  name: string;
  consent: RoomStartConsent;
  disabled: boolean;
  busy: boolean;
  onAdmit: (c: AdmitConsent) => void;
}) {
  const [agreed, setAgreed] = useState(false);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<{ field: "agreed" | "reason"; text: string } | null>(null);
  const labels = startConsentLabels[consent.kind];
  const word = consent.kind === "VIDEO" ? "video" : "telephone";
  const id = `admit-consent-${participantId}`;
  return (
    <div
      className="flex basis-full flex-col gap-3 rounded-md border border-amber-600 bg-amber-50 p-3"
      role="group"
      aria-labelledby={`${id}-h`}
    >
      <p id={`${id}-h`} className="flex items-start gap-1 font-semibold text-amber-950">
        <Icon icon={warningIcon} className="mt-0.5" />
        <span>
          {word === "video" ? "Video" : "Telephone"} consent: {consentStateLabel[consent.state].toLowerCase()}. Letting{" "}
          {name} in starts the visit: record their consent first, or say why it cannot wait.
        </span>
      </p>
      {consent.text ? (
        <form
          className="flex flex-col gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!agreed)
              return setProblem({ field: "agreed", text: "Tick the box once the patient has agreed out loud." });
            setProblem(null);
            onAdmit({ method: "verbal", textId: consent.text!.id, agreed: true });
          }}
        >
          <details>
            <summary className="cursor-pointer font-medium">
              Text to read aloud: {consent.text.title} (version {consent.text.version})
            </summary>
            <p className="mt-2 rounded-md bg-white p-2 whitespace-pre-line text-slate-800">{consent.text.body}</p>
          </details>
          <div className="flex min-h-11 items-center gap-3">
            <input
              id={`${id}-agreed`}
              type="checkbox"
              className="h-5 w-5 accent-teal-700"
              checked={agreed}
              onChange={(e) => setAgreed(e.target.checked)}
              aria-invalid={problem?.field === "agreed" ? true : undefined}
              aria-describedby={problem?.field === "agreed" ? `${id}-agreed-error` : undefined}
            />
            <label htmlFor={`${id}-agreed`} className="font-medium">
              {name} agreed out loud to {word} visits (text version {consent.text.version})
            </label>
          </div>
          {problem?.field === "agreed" ? (
            <p id={`${id}-agreed-error`} className="text-sm font-medium text-red-700">
              {problem.text}
            </p>
          ) : null}
          <div>
            <button type="submit" className={buttonClass("primary")} disabled={disabled}>
              {busy ? "Letting in…" : labels.verbal}
            </button>
          </div>
        </form>
      ) : (
        <p className="text-sm">
          No {word} consent text is published yet, so verbal consent cannot be recorded here: an administrator adds one
          under Consent texts.
        </p>
      )}
      <details className="rounded-md border border-red-200 bg-white p-2">
        <summary className="cursor-pointer font-medium text-red-900">{labels.emergency}</summary>
        <form
          className="mt-2 flex flex-col gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim().length < 5)
              return setProblem({
                field: "reason",
                text: "Say why the visit goes ahead without consent (at least 5 characters).",
              });
            setProblem(null);
            onAdmit({ method: "emergency", reason: reason.trim() });
          }}
        >
          <label htmlFor={`${id}-reason`} className="font-medium">
            Why the visit cannot wait for consent
          </label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={problem?.field === "reason" ? true : undefined}
            aria-describedby={`${id}-reason-hint${problem?.field === "reason" ? ` ${id}-reason-error` : ""}`}
            className="rounded-md border border-slate-400 px-3 py-2"
          />
          <p id={`${id}-reason-hint`} className="text-sm text-slate-700">
            Recorded on the visit and shown on its note.
          </p>
          {problem?.field === "reason" ? (
            <p id={`${id}-reason-error`} className="text-sm font-medium text-red-700">
              {problem.text}
            </p>
          ) : null}
          <div>
            <button type="submit" className={buttonClass("danger")} disabled={disabled}>
              {busy ? "Letting in…" : labels.emergency}
            </button>
          </div>
        </form>
      </details>
    </div>
  );
}
