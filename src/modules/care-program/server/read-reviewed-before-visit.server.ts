import "server-only";
import { requestState } from "@/modules/assessments/core/readiness";
import type { InstrumentCode } from "@/modules/assessments/core/instruments";
import { userNamesById } from "@/modules/identity/index.server";
import { clinicTimeZone } from "@/modules/scheduling/index.server";
import { panelCatalog, isPanelCode } from "@/modules/udt/core/substances";
import { db, type Tx } from "@/server/db";
import { clinicDate } from "../core/dates";
import { emptyReviewed, type ReviewedBeforeVisit } from "../core/huddle";
import { dateOnly } from "./huddle-visit.server";

type Documented = Map<string, ReviewedBeforeVisit> & {
  queued: Map<string, { id: string; panel: string; reason: string; queuedBy: string }>;
};

const reasonWords = {
  SAFETY_CONCERN: "patient-safety concern",
  NONE_IN_PAST_12_MONTHS: "none in the past 12 months",
} as const;
const panelLabel = (code: string) => (isPanelCode(code) ? panelCatalog[code].label : code);

/** What was documented for these visits (a fixed number of statements), with the names of who documented it. */
export async function readDocumented(
  visitIds: readonly string[],
  now: Date,
  client: Tx | typeof db = db,
  recordedUpTo?: Date,
): Promise<Documented> {
  const where = { visitId: { in: [...visitIds] } };
  // A signed note shows what was documented up to its signature, never what came after.
  const recorded = recordedUpTo ? { ...where, recordedAt: { lte: recordedUpTo } } : where;
  const [pdmp, naloxone, risks, udts, forms] = await Promise.all([
    client.pdmpCheck.findMany({
      where: recorded,
      orderBy: [{ checkedOn: "asc" }, { recordedAt: "asc" }],
      select: { visitId: true, checkedOn: true, state: true, finding: true, note: true, recordedById: true },
    }),
    client.naloxoneOffer.findMany({
      where: recorded,
      orderBy: [{ offeredOn: "asc" }, { recordedAt: "asc" }],
      select: { visitId: true, offeredOn: true, outcome: true, note: true, recordedById: true },
    }),
    client.riskHistoryEntry.findMany({
      where: recorded,
      orderBy: [{ recordedOn: "asc" }, { recordedAt: "asc" }],
      select: { visitId: true, kind: true, recordedOn: true, note: true, recordedById: true },
    }),
    client.preVisitUdtOrder.findMany({
      where: recordedUpTo ? { ...where, queuedAt: { lte: recordedUpTo } } : where,
      orderBy: { queuedAt: "asc" },
      select: {
        id: true,
        visitId: true,
        status: true,
        panelCode: true,
        reasonCode: true,
        queuedById: true,
        orderedById: true,
        orderedAt: true,
      },
    }),
    client.formRequest.findMany({
      where: recordedUpTo ? { ...where, createdAt: { lte: recordedUpTo } } : where,
      orderBy: [{ instrument: "asc" }, { createdAt: "asc" }],
      select: { visitId: true, instrument: true, status: true, dueAt: true },
    }),
  ]);
  const names = await userNamesById([
    ...[...pdmp, ...naloxone, ...risks].map((r) => r.recordedById),
    ...udts.flatMap((u) => [u.queuedById, u.orderedById]),
  ]);
  const name = (id: string | null) => (id ? (names.get(id) ?? "Staff") : "Staff");
  const out = new Map<string, ReviewedBeforeVisit>() as Documented;
  out.queued = new Map();
  const of = (visitId: string | null) => {
    const k = visitId!;
    let r = out.get(k);
    if (!r) {
      r = { pdmpChecks: [], naloxone: [], riskHistory: [], udtOrders: [], forms: [] };
      out.set(k, r);
    }
    return r;
  };
  for (const c of pdmp)
    of(c.visitId).pdmpChecks.push({
      checkedOn: dateOnly(c.checkedOn),
      state: c.state,
      finding: c.finding,
      note: c.note,
      by: name(c.recordedById),
    });
  for (const n of naloxone)
    of(n.visitId).naloxone.push({
      offeredOn: dateOnly(n.offeredOn),
      outcome: n.outcome,
      note: n.note,
      by: name(n.recordedById),
    });
  for (const h of risks)
    of(h.visitId).riskHistory.push({
      kind: h.kind,
      recordedOn: dateOnly(h.recordedOn),
      note: h.note,
      by: name(h.recordedById),
    });
  const tz = clinicTimeZone();
  for (const u of udts) {
    of(u.visitId).udtOrders.push({
      status: u.status,
      panel: panelLabel(u.panelCode),
      reason: reasonWords[u.reasonCode],
      queuedBy: name(u.queuedById),
      orderedBy: u.orderedById ? name(u.orderedById) : null,
      orderedOn: u.orderedAt ? clinicDate(u.orderedAt, tz) : null,
    });
    if (u.status === "QUEUED" && !out.queued.has(u.visitId))
      out.queued.set(u.visitId, {
        id: u.id,
        panel: panelLabel(u.panelCode),
        reason: reasonWords[u.reasonCode],
        queuedBy: name(u.queuedById),
      });
  }
  // One line per form: the latest request of each instrument for the visit.
  const seen = new Map<string, { instrument: InstrumentCode; state: ReturnType<typeof requestState> }>();
  for (const r of forms)
    seen.set(`${r.visitId}|${r.instrument}`, { instrument: r.instrument, state: requestState(r, now) });
  for (const [key, f] of seen) of(key.split("|")[0]!).forms.push(f);
  return out;
}

/**
 * The visit note's "Reviewed before the visit": what was documented for the visit (PDMP check,
 * naloxone, risk history, urine drug tests, forms). A data function for the note (its reader is
 * authorized and the note read audited there), read from the tables: live while the note is a
 * draft, and for a signed note only what was recorded up to its signature (a signed note never
 * changes; later documentation belongs to a later visit or an addendum).
 */
export async function readReviewedBeforeVisit(
  visitId: string,
  now: Date = new Date(),
  opts: { signedAt?: Date | null } = {},
): Promise<ReviewedBeforeVisit> {
  return (await readDocumented([visitId], now, db, opts.signedAt ?? undefined)).get(visitId) ?? emptyReviewed;
}
