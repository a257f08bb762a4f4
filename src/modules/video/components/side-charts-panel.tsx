"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { buttonClass } from "@/components/ui/button-class";
import { Icon } from "@/components/ui/icon";
import { expandIcon } from "@/components/ui/icons";
import { sideChartMinWidthClass } from "../core/side-charts";

/**
 * The PEG and PHQ-9 section beside the call (issue 10: its charts were too small to read).
 * - Its charts are never drawn narrower than sideChartMinWidthPx() (core/side-charts.ts: text at
 *   least the size of the chart page's); on a narrow screen each chart scrolls sideways in its
 *   own box (opening at its start, with the score axis in view; the latest answers are also in
 *   the cards above the charts).
 * - "Enlarge charts" opens the same content in a large panel over the call (a modal dialog: the
 *   call keeps running behind it; Escape or Close returns). The content is rendered in one place
 *   at a time, so ids and labels stay unique.
 * Without JavaScript the section shows inline and its own link opens the chart in a new tab.
 */
export function SideChartsPanel({
  title,
  legend,
  children,
}: {
  title: string;
  legend: ReactNode;
  children: ReactNode;
}) {
  const [big, setBig] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (big && d && !d.open) d.showModal();
  }, [big]);
  const sized = (
    <div className={`[&_figure]:relative [&_figure]:overflow-x-auto ${sideChartMinWidthClass}`}>{children}</div>
  );
  return (
    <section aria-labelledby="ctx-assess-h" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="ctx-assess-h" className="text-lg font-semibold">
          {title}
        </h2>
        <button
          ref={opener}
          type="button"
          className={buttonClass("secondary")}
          aria-haspopup="dialog"
          onClick={() => setBig(true)}
        >
          <Icon icon={expandIcon} />
          Enlarge charts
        </button>
      </div>
      <p className="mb-3 text-sm text-slate-700">{legend}</p>
      {big ? <p className="text-slate-700">The charts are open in the large view.</p> : sized}
      <dialog
        ref={dialog}
        aria-labelledby="ctx-assess-big-h"
        onClose={() => {
          setBig(false);
          opener.current?.focus();
        }}
        className="fixed inset-0 m-auto max-h-[calc(100dvh-1rem)] w-[min(60rem,calc(100vw-1rem))] overflow-y-auto rounded-lg bg-white p-4 text-slate-900 backdrop:bg-slate-900/60"
      >
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 id="ctx-assess-big-h" className="text-xl font-semibold">
            {title}, large view
          </h2>
          <button type="button" className={buttonClass("primary")} onClick={() => dialog.current?.close()}>
            Close the large view
          </button>
        </div>
        <p className="mb-3 text-sm text-slate-700">{legend}</p>
        {big ? sized : null}
      </dialog>
    </section>
  );
}
