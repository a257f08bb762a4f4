import "server-only";
import type { InstrumentCode } from "@/modules/assessments/core/instruments";
import type { Actor } from "@/modules/identity/core/roles";
import { clinicTimeZone } from "@/modules/scheduling/index.server";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { clinicDate, type LocalDate } from "../core/dates";
import {
  emptyReviewed,
  followUpWindow,
  formsToSend,
  huddleItems,
  pdmpDefaults,
  type HuddleGap,
  type HuddleRole,
  type ReviewedBeforeVisit,
} from "../core/huddle";
import { evaluateCareGaps, type CareGapRuleId } from "../core/rules";
import type { CareProgramSettings } from "../core/settings";
import { canHuddle } from "../huddle-policy";
import { loadCareFacts } from "./facts.server";
import { UPCOMING, who } from "./huddle-visit.server";
import { readDocumented } from "./read-reviewed-before-visit.server";
import { readCareProgramSettings } from "./settings.server";

/**
 * The pre-visit huddle ("Before this visit"): per upcoming visit, the patient's open care gaps
 * (evaluateCareGaps on loadCareFacts, as of the visit's clinic date) with one action each, and
 * the use cases behind the actions. Every read goes to the tables (no cache), so a gap closed
 * here is closed on the registry, the measures and every other page at once.
 */

export type BeforeVisitView = {
  visitId: string;
  patientId: string;
  patientName: string;
  /** The visit's clinic date: the gaps are as of this day. */
  visitDate: LocalDate;
  /** The clinic's today (documented dates default to it). */
  today: LocalDate;
  role: HuddleRole;
  onLtot: boolean;
  gaps: HuddleGap[];
  context: HuddleGap[];
  /** The forms "Send forms" requests (every open form gap's instrument). */
  formsToSend: InstrumentCode[];
  pdmp: { checkedOn: LocalDate; state: string };
  /** The test a coordinator queued for this visit, waiting for the clinician. */
  queuedUdt: { id: string; panel: string; reason: string; queuedBy: string } | null;
  /** Booking links (prefilled) per follow-up gap. */
  followUpHref: Partial<Record<CareGapRuleId, string>>;
  /** What was documented for this visit so far (the note's "Reviewed before the visit"). */
  documented: ReviewedBeforeVisit;
};

type HuddleVisit = {
  id: string;
  patientId: string;
  clinicianId: string;
  visitTypeId: string;
  startsAt: Date;
  status: string;
  patientLocationState: string | null;
  patient: { givenName: string; familyName: string; stateOfResidence: string | null };
};

/**
 * "Before this visit" for some visits (Today, Upcoming visits, the visit page, the room), in a
 * fixed number of statements whatever the number of visits: one loadCareFacts for all their
 * patients. Visits that are not upcoming (done, cancelled) are left out. One audit row per view:
 * READ with the patient for one visit, LIST with the count for several.
 */
export async function getBeforeVisit(
  actor: Actor,
  visitIds: readonly string[],
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<Record<string, BeforeVisitView>> {
  await authorize(actor, canHuddle(actor.role, "huddle.view"), {
    entityType: "PreVisitHuddle",
    entityId: visitIds.length === 1 ? visitIds[0] : null,
    action: visitIds.length === 1 ? "READ" : "LIST",
  });
  const role: HuddleRole = actor.role === "CLINICIAN" ? "CLINICIAN" : "COORDINATOR";
  const ids = [...new Set(visitIds)];
  const out: Record<string, BeforeVisitView> = {};
  if (ids.length === 0) return out;
  const visits = await db.visit.findMany({
    where: { id: { in: ids }, status: { in: [...UPCOMING] } },
    select: {
      id: true,
      patientId: true,
      clinicianId: true,
      visitTypeId: true,
      startsAt: true,
      status: true,
      patientLocationState: true,
      patient: { select: { givenName: true, familyName: true, stateOfResidence: true } },
    },
  });
  if (visits.length > 0) {
    const tz = clinicTimeZone();
    const patientIds = [...new Set(visits.map((v) => v.patientId))];
    const visitIdsFound = visits.map((v) => v.id);
    const [facts, settings, documented, openOrders] = await Promise.all([
      loadCareFacts({ patientIds }, tz),
      readCareProgramSettings(),
      readDocumented(visitIdsFound, now),
      db.udtOrder.findMany({
        where: { patientId: { in: patientIds }, state: { in: ["ORDERED", "INSTRUCTED", "WINDOW_MISSED"] } },
        select: { patientId: true },
      }),
    ]);
    const factsOf = new Map(facts.map((f) => [f.patientId, f]));
    const today = clinicDate(now, tz);
    for (const v of visits) {
      const visitDate = clinicDate(v.startsAt, tz);
      const f = factsOf.get(v.patientId);
      const e = f ? evaluateCareGaps(f, settings, visitDate) : null;
      const doc = documented.get(v.id) ?? emptyReviewed;
      const queued = documented.queued.get(v.id) ?? null;
      const state = {
        formsPending: doc.forms.filter((x) => x.state === "pending" || x.state === "overdue").map((x) => x.instrument),
        udtQueued: queued !== null,
        udtOrderOpen: openOrders.some((o) => o.patientId === v.patientId),
      };
      const items = huddleItems(e?.open ?? [], role, state);
      out[v.id] = {
        visitId: v.id,
        patientId: v.patientId,
        patientName: `${v.patient.givenName} ${v.patient.familyName}`,
        visitDate,
        today,
        role,
        onLtot: e?.ltot.onLtot ?? false,
        gaps: items.gaps,
        context: items.context,
        formsToSend: formsToSend(items.gaps),
        pdmp: pdmpDefaults({ today, visitState: v.patientLocationState, residenceState: v.patient.stateOfResidence }),
        queuedUdt: queued,
        followUpHref: followUpLinks(v, visitDate, items.gaps, settings),
        documented: doc,
      };
    }
  }
  await writeAudit(
    ids.length === 1
      ? {
          actor: who(actor),
          action: "READ",
          entityType: "PreVisitHuddle",
          entityId: ids[0],
          patientId: visits[0]?.patientId ?? null,
          outcome: "SUCCESS",
          ctx,
        }
      : {
          actor: who(actor),
          action: "LIST",
          entityType: "PreVisitHuddle",
          outcome: "SUCCESS",
          ctx,
          details: { visits: visits.length, patients: new Set(visits.map((v) => v.patientId)).size },
        },
  );
  return out;
}

function followUpLinks(
  v: HuddleVisit,
  visitDate: LocalDate,
  gaps: readonly HuddleGap[],
  settings: CareProgramSettings,
): Partial<Record<CareGapRuleId, string>> {
  const out: Partial<Record<CareGapRuleId, string>> = {};
  for (const g of gaps) {
    if (g.action.kind !== "book-follow-up") continue;
    const w = followUpWindow(g.ruleId, visitDate, settings);
    out[g.ruleId] =
      `/schedule/book?${new URLSearchParams({ patientId: v.patientId, clinicianId: v.clinicianId, visitTypeId: v.visitTypeId, from: w.from, to: w.to })}`;
  }
  return out;
}
