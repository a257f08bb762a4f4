import { Icon } from "@/components/ui/icon";
import { doneIcon, infoIcon, problemIcon, todoIcon } from "@/components/ui/icons";
import type { MessageKey, Translate } from "@/i18n/translator";
import { patientWhen } from "@/server/patient-page/when";
import type { UdtState } from "../core/machine";
import type { MyTest } from "../my-udt-tests.server";

const toneIcon = { todo: todoIcon, done: doneIcon, info: infoIcon, problem: problemIcon } as const;
const toneWord: Record<MyTest["view"]["tone"], MessageKey> = {
  todo: "portal.tests.tone.todo",
  done: "portal.tests.tone.done",
  info: "portal.tests.tone.info",
  problem: "portal.tests.tone.problem",
};

/** The same words as core/patient-view.ts (describeForPatient), from the catalogs. */
function words(test: MyTest, t: Translate, when: string): { headline: string; body: string[] } {
  const s: UdtState = test.state;
  if (s === "ORDERED" || s === "INSTRUCTED") {
    const body =
      test.method === "LAB_PSC"
        ? [t("portal.tests.lab1", { when }), t("portal.tests.lab2"), t("portal.tests.lab3")]
        : [t("portal.tests.kit1", { when }), t("portal.tests.kit2"), t("portal.tests.kit3")];
    return { headline: t("portal.tests.todo", { when }), body };
  }
  if (s === "WINDOW_MISSED") return { headline: t("portal.tests.missed"), body: [t("portal.tests.missedBody")] };
  if (s === "DISCUSSED" || s === "CLOSED")
    return { headline: t("portal.tests.discussed"), body: [t("portal.tests.discussedBody")] };
  if (s === "CANCELLED") return { headline: t("portal.tests.cancelled"), body: [t("portal.tests.cancelledBody")] };
  return { headline: t("portal.tests.received"), body: [t("portal.tests.receivedBody")] };
}

/**
 * Urine drug tests for the signed-in patient, in their language (static markup, no script).
 * Results only after the discussion (the module decides: `results` is null before). Substance
 * names are the lab's English names, marked lang="en".
 */
export function PortalTests({
  tests,
  timeZone,
  t,
  locale,
  compact = false,
}: {
  tests: MyTest[];
  timeZone: string;
  t: Translate;
  locale: string;
  compact?: boolean;
}) {
  const when = (d: Date) => patientWhen(d, timeZone, locale, t);
  return (
    <section aria-labelledby="tests-h" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="tests-h" className="text-lg font-semibold">
        {compact ? t("portal.tests.compactTitle") : t("portal.tests.allTitle")}
      </h2>
      {tests.length === 0 ? (
        <p className="mt-1 text-slate-700">{compact ? t("portal.tests.noneCompact") : t("portal.tests.none")}</p>
      ) : (
        <ul className="mt-2 flex flex-col gap-4">
          {tests.map((test) => {
            const w = words(test, t, when(test.windowEnd));
            return (
              <li key={test.id} className="rounded-lg border border-slate-200 p-3">
                <p className="flex items-start gap-2 text-lg font-semibold">
                  <Icon icon={toneIcon[test.view.tone]} className="mt-1" />
                  <span>
                    <span className="sr-only">{t(toneWord[test.view.tone])}: </span>
                    {w.headline}
                  </span>
                </p>
                {w.body.map((line) => (
                  <p key={line} className="mt-1">
                    {line}
                  </p>
                ))}
                {test.receivedAt && test.view.tone === "done" ? (
                  <p className="mt-1">{t("portal.tests.receivedOn", { when: when(test.receivedAt) })}</p>
                ) : null}
                {test.results ? (
                  <div className="mt-2">
                    {test.discussedAt ? <p>{t("portal.tests.discussedOn", { when: when(test.discussedAt) })}</p> : null}
                    {test.plan ? (
                      <p className="mt-1">
                        <span className="font-semibold">{t("portal.tests.plan")}</span> {test.plan}
                      </p>
                    ) : null}
                    <details className="mt-2">
                      <summary className="cursor-pointer font-medium">{t("portal.tests.lookedFor")}</summary>
                      <ul className="mt-1 list-disc pl-6">
                        {test.results.map((r) => (
                          <li key={r.label}>
                            <span lang="en">{r.label}</span>:{" "}
                            {r.found ? t("portal.tests.found") : t("portal.tests.notFound")}
                          </li>
                        ))}
                      </ul>
                    </details>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <p className="mt-3">
        {compact ? (
          <a href="/me/tests" className="font-medium text-teal-900 underline underline-offset-2">
            {t("portal.tests.seeAll")}
          </a>
        ) : (
          t("portal.tests.questions")
        )}
      </p>
    </section>
  );
}
