import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { doneIcon, infoIcon, problemIcon, todoIcon } from "@/components/ui/icons";
import { formatForPatient } from "../core/format";
import type { MyTest } from "../my-udt-tests.server";

const toneIcon = { todo: todoIcon, done: doneIcon, info: infoIcon, problem: problemIcon } as const;
const toneWord = { todo: "To do", done: "Done", info: "Note", problem: "Needs attention" } as const;

/** Urine drug tests for the patient, in plain words. Results only after the discussion. */
export function MyTestsSection({
  tests,
  timeZone,
  compact = false,
}: {
  tests: MyTest[];
  timeZone: string;
  compact?: boolean;
}) {
  return (
    <section aria-labelledby="tests-h" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="tests-h" className="text-lg font-semibold">
        {compact ? "Urine drug test" : "Current and past tests"}
      </h2>
      {tests.length === 0 ? (
        <p className="mt-1 text-slate-700">
          {compact ? "You have no urine drug test to do right now." : "You have no urine drug tests."}
        </p>
      ) : (
        <ul className="mt-2 flex flex-col gap-4">
          {tests.map((t) => (
            <li key={t.id} className="rounded-lg border border-slate-200 p-3">
              <p className="flex items-start gap-2 text-lg font-semibold">
                <Icon icon={toneIcon[t.view.tone]} className="mt-1" />
                <span>
                  <span className="sr-only">{toneWord[t.view.tone]}: </span>
                  {t.view.headline}
                </span>
              </p>
              {t.view.body.map((line) => (
                <p key={line} className="mt-1">
                  {line}
                </p>
              ))}
              {t.receivedAt && t.view.tone === "done" ? (
                <p className="mt-1">We got your sample on {formatForPatient(t.receivedAt, timeZone)}.</p>
              ) : null}
              {t.results ? (
                <div className="mt-2">
                  {t.discussedAt ? <p>Talked about on {formatForPatient(t.discussedAt, timeZone)}.</p> : null}
                  {t.plan ? (
                    <p className="mt-1">
                      <span className="font-semibold">Your plan:</span> {t.plan}
                    </p>
                  ) : null}
                  <details className="mt-2">
                    <summary className="cursor-pointer font-medium">What the test looked for</summary>
                    <ul className="mt-1 list-disc pl-6">
                      {t.results.map((r) => (
                        <li key={r.label}>
                          {r.label}: {r.found ? "found" : "not found"}
                        </li>
                      ))}
                    </ul>
                  </details>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-3">
        {compact ? (
          <Link href="/me/tests" className="font-medium text-teal-900 underline underline-offset-2">
            See all your urine drug tests
          </Link>
        ) : (
          "Questions? Call the clinic. We are here to help."
        )}
      </p>
    </section>
  );
}
