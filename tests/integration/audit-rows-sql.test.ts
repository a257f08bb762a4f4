import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { auditRowsSql, writeAudit, type AuditEntry } from "@/server/audit";
import { db } from "@/server/db";
import { ctx } from "../factories";

/**
 * Issue 11: every audit row is written through the audit module. Statements that write their
 * records and audit rows at once (booking, pre-visit form requests) use auditRowsSql; for the same
 * entry it must write the very row writeAudit writes.
 */
const columns = {
  actorUserId: true,
  actorRole: true,
  action: true,
  entityType: true,
  entityId: true,
  patientId: true,
  outcome: true,
  ip: true,
  requestId: true,
  details: true,
} as const;

/** The rows of one request id, oldest first, without their id and time. */
const rowsOf = (requestId: string) =>
  db.auditEvent.findMany({ where: { requestId }, select: columns, orderBy: { id: "asc" } });

const one = Prisma.sql`(SELECT 1) AS one`;

describe("auditRowsSql writes the rows writeAudit writes", () => {
  const cases: [string, (c: ReturnType<typeof ctx>) => AuditEntry][] = [
    [
      "an actor, a record, a patient and nested details",
      (c) => ({
        actor: { userId: randomUUID(), role: "COORDINATOR" },
        action: "CREATE",
        entityType: "Visit",
        entityId: randomUUID(),
        patientId: randomUUID(),
        outcome: "SUCCESS",
        ctx: c,
        details: { modality: "VIDEO", of: 3, ok: true, changed: ["startsAt", "endsAt"], nested: { a: null, b: "é" } },
      }),
    ],
    [
      "no actor, no record, no patient, no details, no ip",
      (c) => ({ actor: null, action: "LIST", entityType: "Patient", outcome: "DENIED", ctx: { ...c, ip: null } }),
    ],
    [
      "a failure with a reason",
      (c) => ({
        actor: { userId: randomUUID(), role: "PATIENT" },
        action: "READ",
        entityType: "FormRequest",
        entityId: "not-a-uuid",
        outcome: "FAILURE",
        ctx: c,
        details: { reason: "not_found" },
      }),
    ],
  ];

  it.each(cases)("%s", async (_label, make) => {
    const c = ctx();
    const entry = make(c);
    await writeAudit(entry);
    await db.$executeRaw(Prisma.sql`WITH ${auditRowsSql("a", entry, one)} SELECT 1`);
    const rows = await rowsOf(c.requestId);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(rows[0]);
  });

  it("one row per source row, with the per-row fields as SQL expressions", async () => {
    const c = ctx();
    const patientId = randomUUID();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const base = {
      actor: { userId: randomUUID(), role: "CLINICIAN" },
      action: "CREATE",
      entityType: "FormRequest",
      patientId,
      outcome: "SUCCESS",
      ctx: c,
    } as const;
    await writeAudit(ids.map((id) => ({ ...base, entityId: id, details: { reason: "visit_booked", visitId: id } })));
    await db.$executeRaw(
      Prisma.sql`WITH ${auditRowsSql("a", { ...base, entityId: Prisma.sql`t.id::text`, details: Prisma.sql`jsonb_build_object('reason', ${"visit_booked"}::text, 'visitId', t.id)` }, Prisma.sql`unnest(${ids}::uuid[]) AS t(id)`)} SELECT 1`,
    );
    const rows = await rowsOf(c.requestId);
    expect(rows).toHaveLength(6);
    const byId = (r: (typeof rows)[number]) => r.entityId ?? "";
    expect(rows.slice(3).sort((a, b) => byId(a).localeCompare(byId(b)))).toEqual(
      rows.slice(0, 3).sort((a, b) => byId(a).localeCompare(byId(b))),
    );
  });

  it("refuses a CTE name that is not a plain identifier", () => {
    expect(() =>
      auditRowsSql(
        "a; DROP TABLE x",
        { actor: null, action: "READ", entityType: "Visit", outcome: "SUCCESS", ctx: ctx() },
        one,
      ),
    ).toThrow();
  });
});
