import { Notice } from "@/components/ui/form-status";
import type { MessageKey, Translate } from "@/i18n/translator";

/**
 * Why a link or its session ended, in plain words (English and Spanish: src/i18n/messages). One
 * page for every kind of link. Keys are written out whole (tests/unit/i18n-catalogs.test.ts).
 */
export const endedReasons = {
  expired: { title: "linkEnded.expired.title", body: "linkEnded.expired.body" },
  revoked: { title: "linkEnded.revoked.title", body: "linkEnded.revoked.body" },
  locked: { title: "linkEnded.locked.title", body: "linkEnded.locked.body" },
  done: { title: "linkEnded.done.title", body: "linkEnded.done.body" },
  invalid: { title: "linkEnded.invalid.title", body: "linkEnded.invalid.body" },
  rate_limited: { title: "linkEnded.rate_limited.title", body: "linkEnded.rate_limited.body" },
  session: { title: "linkEnded.session.title", body: "linkEnded.session.body" },
  finished: { title: "linkEnded.finished.title", body: "linkEnded.finished.body" },
  signed: { title: "linkEnded.signed.title", body: "linkEnded.signed.body" },
} as const satisfies Record<string, { title: MessageKey; body: MessageKey }>;
export type EndedReason = keyof typeof endedReasons;

export function isEndedReason(s: unknown): s is EndedReason {
  return typeof s === "string" && Object.hasOwn(endedReasons, s);
}

/** Static markup only (no next/link): rendered by the patient page shell with no script. */
export function LinkEnded({ reason, t }: { reason: EndedReason; t: Translate }) {
  const m = endedReasons[reason];
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">{t(m.title)}</h1>
      <p>{t(m.body)}</p>
      {reason !== "finished" && reason !== "done" && reason !== "signed" && reason !== "rate_limited" ? (
        <Notice kind="info">
          <p className="font-semibold">{t("linkEnded.whatNow")}</p>
          <ul className="mt-1 list-disc pl-5">
            <li>{t("linkEnded.callClinic")}</li>
            <li>
              {t("linkEnded.signInBefore")}{" "}
              <a href="/login" className="font-semibold underline">
                {t("linkEnded.signIn")}
              </a>{" "}
              {t("linkEnded.signInAfter")}
            </li>
            <li>{t("linkEnded.withCareTeam")}</li>
          </ul>
        </Notice>
      ) : null}
    </div>
  );
}
