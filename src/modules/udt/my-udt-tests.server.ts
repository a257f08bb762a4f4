import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { stateAsOf } from "./core/due";
import { formatForPatient } from "./core/format";
import { describeForPatient, type PatientTestView } from "./core/patient-view";
import { isSubstance, substanceLabel } from "./core/substances";
import { canUdt } from "./policy";

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });
const HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------
// The patient's own view: plain words, and no result details before the discussion.
// ---------------------------------------------------------------------------------------------

export type MyTest = {
  id: string;
  orderedOn: Date;
  view: PatientTestView;
  method: "LAB_PSC" | "HOME_KIT_VIDEO_OBSERVED";
  receivedAt: Date | null;
  discussedAt: Date | null;
  plan: string | null;
  results: { label: string; found: boolean }[] | null;
};

export async function listMyUdtTests(actor: Actor, ctx: RequestContext, now: Date = new Date()): Promise<MyTest[]> {
  await authorize(actor, canUdt(actor.role, "udt.readOwn") && actor.patientId !== null, {
    entityType: "UdtOrder",
    action: "LIST",
  });
  const patientId = actor.patientId!;
  const [patient, orders] = await Promise.all([
    db.patient.findUniqueOrThrow({ where: { id: patientId }, select: { timeZone: true } }),
    db.udtOrder.findMany({
      where: { patientId, createdAt: { gte: new Date(now.getTime() - 400 * 24 * HOUR) } },
      select: {
        id: true,
        state: true,
        collectionMethod: true,
        windowEnd: true,
        createdAt: true,
        collectedAt: true,
        discussedAt: true,
        discussionPlan: true,
      },
      orderBy: { createdAt: "desc" },
      take: 10,
    }),
  ]);
  // Findings are loaded only for orders whose discussion is documented.
  const discussedIds = orders
    .filter((o) => o.discussedAt && describeForPatient(o.state, o.collectionMethod, "").showResults)
    .map((o) => o.id);
  const findings = discussedIds.length
    ? await db.udtFinding.findMany({
        where: { orderId: { in: discussedIds } },
        select: { orderId: true, kind: true, substance: true, detected: true },
        orderBy: { substance: "asc" },
      })
    : [];
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "UdtOrder",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { scope: "own", results: orders.length },
  });
  return orders.map((o) => {
    const view = describeForPatient(
      stateAsOf(o.state, o.windowEnd, now),
      o.collectionMethod,
      formatForPatient(o.windowEnd, patient.timeZone),
    );
    const own = view.showResults ? findings.filter((f) => f.orderId === o.id) : [];
    const final = new Map<string, boolean>();
    for (const f of own.filter((x) => x.kind === "SCREEN")) final.set(f.substance, f.detected);
    for (const f of own.filter((x) => x.kind === "CONFIRMATORY")) final.set(f.substance, f.detected);
    return {
      id: o.id,
      orderedOn: o.createdAt,
      view,
      method: o.collectionMethod,
      receivedAt: o.collectedAt,
      discussedAt: view.showResults ? o.discussedAt : null,
      plan: view.showResults ? o.discussionPlan : null,
      results: view.showResults
        ? [...final.entries()].map(([s, found]) => ({ label: isSubstance(s) ? substanceLabel(s) : s, found }))
        : null,
    };
  });
}
