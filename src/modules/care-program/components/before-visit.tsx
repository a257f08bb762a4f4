import Link from "next/link";
import { Icon, IconText } from "@/components/ui/icon";
import { doneIcon, infoIcon, pendingIcon, todoIcon } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button-class";
import { usStates } from "@/modules/patients/core/reference";
import { panelCatalog, panelCodes } from "@/modules/udt/core/substances";
import { formatLocalDate } from "../core/dates";
import { reviewedLines, type HuddleGap } from "../core/huddle";
import {
  documentNaloxoneAction,
  documentPdmpCheckAction,
  orderUdtFromHuddleAction,
  queueUdtOrderAction,
  recordRiskHistoryAction,
  sendPreVisitFormsAction,
} from "../huddle-actions";
import type { BeforeVisitView } from "../server/get-before-visit.server";
import {
  NaloxoneForm,
  OrderQueuedUdtForm,
  PdmpCheckForm,
  RiskHistoryForm,
  SendFormsForm,
  UdtHuddleForm,
} from "./huddle-forms";

const states = Object.keys(usStates);
const panels = panelCodes.map((c) => ({ value: c, label: panelCatalog[c].label }));

/**
 * "Before this visit": the patient's open care gaps for an upcoming visit, each with its one
 * action for the person looking (core/huddle.ts), what was documented for the visit so far, and
 * context items. The same panel on Today, the visit page and the room's side panel.
 * `headingLevel` keeps the page's outline (h3 under Today's visit list, h2 elsewhere).
 */
export function BeforeVisitPanel({ view, headingLevel = 2 }: { view: BeforeVisitView; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const prefix = `bv-${view.visitId}`;
  const documented = reviewedLines(view.documented);
  return (
    <section aria-labelledby={`${prefix}-h`} className="rounded-lg border border-slate-200 bg-white p-3">
      <H id={`${prefix}-h`} className="text-base font-semibold">
        Before this visit <span className="sr-only">with {view.patientName}</span>
        <span className="font-normal text-slate-700">
          {" "}
          ·{" "}
          {view.onLtot
            ? `${view.gaps.length} open care ${view.gaps.length === 1 ? "gap" : "gaps"}`
            : "not on long-term opioid therapy"}{" "}
          as of {formatLocalDate(view.visitDate)}
        </span>
      </H>
      {!view.onLtot ? (
        <p className="text-sm text-slate-700">
          Care gaps apply to patients on long-term opioid therapy; none apply to this patient.
        </p>
      ) : view.gaps.length === 0 ? (
        <p className="text-sm">
          <IconText icon={doneIcon}>No open care gaps for this visit.</IconText>
        </p>
      ) : (
        <ul className="mt-2 flex flex-col gap-3" aria-label={`Open care gaps for ${view.patientName}`}>
          {view.gaps.map((g) => (
            <li key={g.ruleId} className="border-t border-slate-200 pt-2 first:border-t-0 first:pt-0">
              <p className="font-semibold">
                <IconText icon={todoIcon}>{g.title}</IconText>
              </p>
              <p className="text-sm text-slate-700">{g.detail}</p>
              <div className="mt-1">
                <GapActionView gap={g} view={view} prefix={`${prefix}-${g.ruleId}`} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {view.context.length ? (
        <ul className="mt-3 flex flex-col gap-1 text-sm" aria-label="Context">
          {view.context.map((g) => (
            <li key={g.ruleId}>
              <IconText icon={infoIcon}>
                <span className="font-semibold">{g.title}:</span> {g.detail}
              </IconText>
            </li>
          ))}
        </ul>
      ) : null}
      {documented.length ? (
        <div className="mt-3">
          <p className="text-sm font-semibold">Documented for this visit</p>
          <ul className="flex flex-col gap-1 text-sm" aria-label="Documented for this visit">
            {documented.map((l, i) => (
              <li key={i}>
                <IconText icon={doneIcon}>
                  <span className="font-semibold">{l.label}:</span> {l.text}
                </IconText>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {view.role === "CLINICIAN" ? (
        <details className="mt-3 rounded-md border border-slate-200 p-2">
          <summary className="cursor-pointer text-sm font-medium">
            Record risk history (overdose, substance use disorder)
          </summary>
          <RiskHistoryForm
            action={recordRiskHistoryAction.bind(null, view.visitId)}
            idPrefix={`${prefix}-risk`}
            today={view.today}
          />
        </details>
      ) : null}
    </section>
  );
}

function GapActionView({ gap, view, prefix }: { gap: HuddleGap; view: BeforeVisitView; prefix: string }) {
  const a = gap.action;
  switch (a.kind) {
    case "send-forms":
      return (
        <SendFormsForm
          action={sendPreVisitFormsAction.bind(null, view.visitId)}
          idPrefix={prefix}
          instruments={a.instrument ? [a.instrument] : view.formsToSend}
          label={a.label}
        />
      );
    case "queue-udt":
      return (
        <details className="rounded-md border border-slate-200 p-2">
          <summary className="cursor-pointer font-medium text-teal-900">{a.label}</summary>
          <UdtHuddleForm
            action={queueUdtOrderAction.bind(null, view.visitId)}
            idPrefix={prefix}
            panels={panels}
            submitLabel="Queue for the clinician"
          />
        </details>
      );
    case "order-udt":
      return view.queuedUdt ? (
        <div className="flex flex-col gap-1">
          <p className="text-sm">
            Queued by {view.queuedUdt.queuedBy}: {view.queuedUdt.panel} ({view.queuedUdt.reason}).
          </p>
          <OrderQueuedUdtForm
            action={orderUdtFromHuddleAction.bind(null, view.visitId)}
            idPrefix={prefix}
            queuedId={view.queuedUdt.id}
            label={a.label}
          />
        </div>
      ) : (
        <details className="rounded-md border border-slate-200 p-2">
          <summary className="cursor-pointer font-medium text-teal-900">{a.label}</summary>
          <UdtHuddleForm
            action={orderUdtFromHuddleAction.bind(null, view.visitId)}
            idPrefix={prefix}
            panels={panels}
            submitLabel="Order test"
          />
        </details>
      );
    case "document-pdmp":
      return (
        <details className="rounded-md border border-slate-200 p-2">
          <summary className="cursor-pointer font-medium text-teal-900">{a.label}</summary>
          <PdmpCheckForm
            action={documentPdmpCheckAction.bind(null, view.visitId)}
            idPrefix={prefix}
            defaults={view.pdmp}
            states={states}
          />
        </details>
      );
    case "document-naloxone":
      return (
        <details className="rounded-md border border-slate-200 p-2">
          <summary className="cursor-pointer font-medium text-teal-900">{a.label}</summary>
          <NaloxoneForm action={documentNaloxoneAction.bind(null, view.visitId)} idPrefix={prefix} today={view.today} />
        </details>
      );
    case "agreement":
      return (
        <Link
          href={`/patients/${view.patientId}#agreement`}
          className="font-medium text-teal-900 underline underline-offset-2"
        >
          {a.label}
        </Link>
      );
    case "review-medications":
      return (
        <Link
          href={`/patients/${view.patientId}#medications-h`}
          className="font-medium text-teal-900 underline underline-offset-2"
        >
          {a.label}
        </Link>
      );
    case "book-follow-up": {
      const href = view.followUpHref[gap.ruleId];
      return href ? (
        <Link href={href} className={buttonClass("secondary")}>
          {a.label}
        </Link>
      ) : null;
    }
    case "under-way":
      return (
        <p className="text-sm">
          <IconText icon={pendingIcon}>{a.label}</IconText>
        </p>
      );
    case "for-clinician":
    case "none":
      return (
        <p className="text-sm text-slate-700">
          <Icon icon={infoIcon} className="mr-1" />
          {a.label}
        </p>
      );
  }
}

/** Upcoming visits' compact form: the count and the gaps' names, linking to the visit's full panel. */
export function BeforeVisitSummary({ view }: { view: BeforeVisitView | undefined }) {
  if (!view) return <span className="text-sm text-slate-600">-</span>;
  if (!view.onLtot) return <span className="text-sm text-slate-700">Not on LTOT</span>;
  if (view.gaps.length === 0)
    return (
      <IconText icon={doneIcon} className="text-sm">
        No open gaps
      </IconText>
    );
  return (
    <Link
      href={`/visits/${view.visitId}#bv-${view.visitId}-h`}
      className="text-sm text-teal-900 underline underline-offset-2"
    >
      <span className="font-semibold">
        {view.gaps.length} open {view.gaps.length === 1 ? "gap" : "gaps"}
      </span>
      <span className="sr-only"> for {view.patientName}</span>: {view.gaps.map((g) => g.title).join("; ")}
    </Link>
  );
}
