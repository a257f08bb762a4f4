import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import type { Translate } from "@/i18n/translator";
import { crisisLines } from "../core/crisis";

/** Shown at once after a PHQ-9 item 9 answer above 0. Big tap targets, words not color. */
export function CrisisResources({ t }: { t: Translate }) {
  return (
    <section
      role="alert"
      aria-labelledby="crisis-h"
      className="rounded-xl border-2 border-red-800 bg-red-50 p-4 text-red-950"
    >
      <h2 id="crisis-h" className="flex items-start gap-2 text-xl font-bold">
        <Icon icon={warningIcon} className="mt-1" />
        <span>{t("crisis.heading")}</span>
      </h2>
      <ul className="mt-3 flex flex-col gap-2">
        {crisisLines.map((l) => (
          <li key={l.href}>
            <a
              href={l.href}
              className="flex min-h-12 flex-col justify-center rounded-lg border border-red-800 bg-white px-4 py-2 font-semibold text-red-900 underline-offset-2 hover:underline"
            >
              <span className="text-lg">{t(l.label)}</span>
              <span className="text-sm font-normal text-slate-800">{t(l.detail)}</span>
            </a>
          </li>
        ))}
      </ul>
      <p className="mt-3">{t("crisis.careTeam")}</p>
    </section>
  );
}
