import { randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import AuditPage from "@/app/(staff)/admin/audit/page";
import { GET as exportCsv } from "@/app/(staff)/admin/audit/export/route";
import {
  AUDIT_CSV_HEADER,
  exportAuditEvents,
  listAuditEvents,
  listAuditRecordTypes,
  type AuditRow,
} from "@/modules/audit/audit-log.server";
import { emptyAuditFilter, type AuditFilter } from "@/modules/audit/core/filter";
import { auditEntityTypes } from "@/modules/audit/core/vocabulary";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";
import { beginRequest, requestFor, SESSION_COOKIE, sessionCookieFor } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * Issue 10, D10: the audit log is for investigations. "Record type" offered 5 of the types the log
 * held, and the patient filter took an internal id but refused an MRN, which an admin cannot look
 * up. Every recorded type, action, outcome, user, dates, and the patient by MRN (resolved on the
 * server, audited) or id; the MRN in each row; bad filters explained per field, never a 500; the
 * filtered view as CSV, audited as an export. This file has its own database.
 */
type Admin = ReturnType<typeof actorFor>;
let admin: Admin;
let adminUser: Awaited<ReturnType<typeof makeUser>>;
const f = (over: Partial<AuditFilter>): AuditFilter => ({ ...emptyAuditFilter, ...over });
const list = async (filter: Partial<AuditFilter>, c = ctx()) => {
  const r = await listAuditEvents(admin, f(filter), c);
  if ("errors" in r) throw new Error(`unexpected filter errors: ${JSON.stringify(r.errors)}`);
  return r.rows;
};
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
async function signedIn(user: { id: string }, path = "/admin/audit") {
  beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(user) }, path });
}

beforeAll(async () => {
  adminUser = await makeUser("ADMIN");
  admin = actorFor({ ...adminUser, patientId: null });
});

describe("filters by every recorded record type", () => {
  it("offers each type the code writes and each type the log holds, and each filters to its own rows", async () => {
    const someone = await makeUser("CLINICIAN");
    for (const t of auditEntityTypes)
      await writeAudit({
        actor: { userId: someone.id, role: "CLINICIAN" },
        action: "READ",
        entityType: t,
        outcome: "SUCCESS",
        ctx: ctx(),
      });
    // A type an older version wrote, that the code no longer writes: still held, still offered.
    await db.auditEvent.create({ data: { action: "READ", entityType: "LegacyThing", outcome: "SUCCESS" } });

    const offered = await listAuditRecordTypes(admin);
    expect(offered).toEqual(expect.arrayContaining([...auditEntityTypes, "LegacyThing"]));
    expect(offered.length).toBeGreaterThan(5);
    for (const t of offered) {
      const rows = await list({ entityType: t });
      expect(rows.length, t).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.entityType)), t).toEqual(new Set([t]));
    }
    // The page's select offers them all.
    await signedIn(adminUser);
    const html = renderToStaticMarkup(await AuditPage({ searchParams: Promise.resolve({}) }));
    for (const t of [...auditEntityTypes, "LegacyThing"]) expect(html).toContain(`<option value="${t}">`);
  });

  it("a record type the log does not hold and the code does not write is a field message, not a search", async () => {
    const r = await listAuditEvents(admin, f({ entityType: "NoSuchType" }), ctx());
    expect(r).toEqual({ errors: { entityType: ["Record type: choose one from the list"] } });
  });
});

describe("filters by patient MRN as well as patient id", () => {
  it("resolves the exact MRN on the server, audits that lookup, and shows the MRN in each row", async () => {
    const p = await makePatient({ mrn: `AUD-${randomUUID().slice(0, 8)}` });
    const other = await makePatient();
    const clinician = await makeUser("CLINICIAN");
    const by = { userId: clinician.id, role: "CLINICIAN" };
    await writeAudit([
      {
        actor: by,
        action: "READ",
        entityType: "Patient",
        entityId: p.id,
        patientId: p.id,
        outcome: "SUCCESS",
        ctx: ctx(),
      },
      {
        actor: by,
        action: "UPDATE",
        entityType: "SafetyAlert",
        entityId: randomUUID(),
        patientId: p.id,
        outcome: "SUCCESS",
        ctx: ctx(),
      },
      {
        actor: by,
        action: "READ",
        entityType: "Patient",
        entityId: other.id,
        patientId: other.id,
        outcome: "SUCCESS",
        ctx: ctx(),
      },
    ]);
    const c = ctx();
    const rows = await list({ mrn: p.mrn }, c);
    expect(rows.map((r) => [r.entityType, r.action, r.actor, r.patientId, r.patientMrn])).toEqual([
      // Newest first: the admin's own MRN lookup is in the log about this patient too.
      ["Patient", "READ", adminUser.email, p.id, p.mrn],
      ["SafetyAlert", "UPDATE", clinician.email, p.id, p.mrn],
      ["Patient", "READ", clinician.email, p.id, p.mrn],
    ]);
    // The same as by id (which needs no lookup).
    expect((await list({ patientId: p.id })).map((r) => r.id)).toEqual(rows.map((r) => r.id));
    // The MRN lookup is a PHI read, audited with the patient.
    expect(
      await db.auditEvent.findFirst({
        where: { requestId: c.requestId, entityType: "Patient", action: "READ" },
        select: { patientId: true, outcome: true, details: true },
      }),
    ).toEqual({
      patientId: p.id,
      outcome: "SUCCESS",
      details: { purpose: "audit_filter", by: "mrn" },
    });
    // Unfiltered rows show MRNs too.
    expect((await list({})).find((r) => r.patientId === other.id)?.patientMrn).toBe(other.mrn);
  });

  it("an MRN no patient has: a field message, the failed lookup audited, nothing listed", async () => {
    const c = ctx();
    const r = await listAuditEvents(admin, f({ mrn: "NO-SUCH-MRN" }), c);
    expect(r).toEqual({ errors: { mrn: [expect.stringMatching(/^Patient MRN: no patient has this MRN/)] } });
    expect(
      await db.auditEvent.findMany({
        where: { requestId: c.requestId },
        select: { action: true, entityType: true, outcome: true },
      }),
    ).toEqual([{ action: "READ", entityType: "Patient", outcome: "FAILURE" }]);
  });
});

describe("filters by action, outcome, user and date range", () => {
  it("each narrows to its own rows", async () => {
    const u = await makeUser("COORDINATOR", { email: `investigate-${randomUUID().slice(0, 6)}@test.clinic` });
    const by = { userId: u.id, role: "COORDINATOR" };
    await writeAudit([
      { actor: by, action: "EXPORT", entityType: "VisitNote", outcome: "SUCCESS", ctx: ctx() },
      { actor: by, action: "READ", entityType: "Patient", outcome: "DENIED", ctx: ctx() },
    ]);
    const mine = await list({ actor: u.email.slice(0, 18) });
    expect(mine.every((r) => r.actor === u.email)).toBe(true);
    expect(mine).toHaveLength(2);
    expect((await list({ actor: u.email, action: "EXPORT" })).map((r) => r.entityType)).toEqual(["VisitNote"]);
    expect((await list({ actor: u.email, outcome: "DENIED" })).map((r) => r.action)).toEqual(["READ"]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await list({ actor: u.email, from: today, to: today })).toHaveLength(2);
    expect(await list({ actor: u.email, to: "2020-01-01" })).toHaveLength(0);
    expect(await listAuditEvents(admin, f({ actor: "nobody-has-this-email" }), ctx())).toEqual({
      errors: { actor: [expect.stringContaining("no account's email contains this text")] },
    });
  });
});

describe("bad filter input: a message naming the field, never a 500, nothing searched", () => {
  it.each<[string, Record<string, string>, string, RegExp]>([
    ["an impossible date", { from: "2026-02-31" }, "From (UTC date)", /From: use YYYY-MM-DD/],
    ["40 nines as the page key", { before: "9".repeat(40) }, "Older events link", /Use the Older events link/],
    ["an internal id in the MRN field", { mrn: randomUUID() }, "Patient MRN", /Patient MRN: use at most 20 characters/],
    [
      "a range backwards",
      { from: "2026-03-09", to: "2026-03-01" },
      "To (UTC date)",
      /To: choose a date on or after From/,
    ],
    ["an unknown MRN", { mrn: "NOPE-1" }, "Patient MRN", /no patient has this MRN/],
    ["NUL in the user field", { actor: "a\u0000b" }, "User email contains", /./],
  ])("the page: %s", async (_name, params, label, message) => {
    await signedIn(adminUser);
    const before = await db.auditEvent.count({ where: { entityType: "AuditEvent" } });
    const page = text(renderToStaticMarkup(await AuditPage({ searchParams: Promise.resolve(params) })));
    expect(page).toContain(`Fix these filters: ${label}`);
    expect(page).toMatch(message);
    expect(page).not.toContain("Audit events, newest first");
    expect(
      await db.auditEvent.count({ where: { entityType: "AuditEvent" } }),
      "nothing listed, so no listing row",
    ).toBe(before);
  });

  it("the export: 400 with the fields named", async () => {
    await signedIn(adminUser, "/admin/audit/export");
    const res = await exportCsv(requestFor("/admin/audit/export?from=2026-02-31&mrn=a%20b&sql=1"), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(400);
    const { error: body } = (await res.json()) as { error: { message: string; fields: Record<string, string[]> } };
    expect(Object.keys(body.fields).sort()).toEqual(["from", "mrn", "sql"]);
    expect(body.message).toMatch(/^Fix these filters: .*From \(UTC date\)/);
    expect(body.message).toContain("Patient MRN");
  });
});

describe("export of the filtered view as CSV", () => {
  it("exports what the filters show, with MRNs, audited as an export; other roles are refused", async () => {
    const p = await makePatient({ mrn: `CSV-${randomUUID().slice(0, 8)}` });
    const by = { userId: (await makeUser("CLINICIAN")).id, role: "CLINICIAN" };
    await writeAudit([
      {
        actor: by,
        action: "READ",
        entityType: "VisitNote",
        patientId: p.id,
        outcome: "SUCCESS",
        ctx: ctx(),
        details: { note: "=cmd()" },
      },
      {
        actor: by,
        action: "EXPORT",
        entityType: "VisitNote",
        patientId: p.id,
        outcome: "SUCCESS",
        ctx: ctx(),
        details: { format: "pdf" },
      },
    ]);
    await signedIn(adminUser, "/admin/audit/export");
    const res = await exportCsv(requestFor(`/admin/audit/export?mrn=${p.mrn}`), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(AUDIT_CSV_HEADER.join(","));
    // The two events and the admin's MRN lookup for this export, newest first.
    expect(lines).toHaveLength(4);
    for (const l of lines.slice(1)) expect(l).toContain(`,${p.mrn},${p.id},`);
    expect(lines[1]).toContain(",ADMIN,READ,Patient,");
    // A value a spreadsheet would run is neutralised; JSON stays one quoted cell.
    expect(lines[3]).toContain(`"{""note"":""=cmd()""}"`);
    const exportRow = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "AuditEvent", action: "EXPORT", actorUserId: adminUser.id },
      orderBy: { id: "desc" },
    });
    expect(exportRow.details).toEqual({ format: "csv", rows: 3, truncated: false, filters: ["mrn"] });

    // Same rows as the page shows for the same filters (each lookup adds its own row first).
    const direct = await exportAuditEvents(admin, f({ mrn: p.mrn }), ctx());
    const shown: AuditRow[] = await list({ mrn: p.mrn });
    expect("csv" in direct && direct.rows).toBe(shown.length - 1);

    const coordinator = await makeUser("COORDINATOR");
    expect(
      isForbidden(
        await exportAuditEvents(actorFor({ ...coordinator, patientId: null }), f({}), ctx()).catch((e: unknown) => e),
      ),
    ).toBe(true);
    await signedIn(coordinator, "/admin/audit/export");
    const refused = await exportCsv(requestFor("/admin/audit/export"), { params: Promise.resolve({}) });
    expect(refused.status).toBe(403);
    expect(
      await db.auditEvent.count({
        where: { actorUserId: coordinator.id, outcome: "DENIED", entityType: "AuditEvent" },
      }),
    ).toBe(2);
  });
});
