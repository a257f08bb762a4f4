/**
 * Issue 5 budgets: signing a note (validation, lock, audit, billing) p95 < 300 ms, and a PDF export
 * of a note < 1 s. In-process against the bench database, timing the same server functions the
 * action and the PDF route call.
 */
import { register } from "node:module";
import { randomUUID } from "node:crypto";
import { percentiles, type BenchScenario } from "./lib";

// "server-only" throws outside React Server Components; the bench runs those modules in Node.
register(
  "data:text/javascript,export async function resolve(s,c,n){if(s==='server-only')return{url:'data:text/javascript,export{}',shortCircuit:true};return n(s,c)}",
);

const scenario: BenchScenario = {
  name: "visit notes: sign p95 and PDF export time",
  async run(ctx) {
    process.env.DATABASE_URL ??= ctx.databaseUrl;
    process.env.NEXTAUTH_SECRET ??= "bench-secret-0123456789abcdef0123456789abcdef";
    process.env.VPC_QUIET_LOGS = "1";
    const { saveVisitNote } = await import("../../src/modules/visit-notes/save-visit-note.server");
    const { getVisitNote } = await import("../../src/modules/visit-notes/get-visit-note.server");
    const { toLocalInput } = await import("../../src/modules/visit-notes/note-facts.server");
    const tz = process.env.CLINIC_TIME_ZONE ?? "America/Los_Angeles";
    const { renderNotePdf } = await import("../../src/modules/visit-notes/note-pdf.server");
    const n = ctx.quick ? 20 : 60;
    const {
      rows: [clin],
    } = await ctx.pool.query<{ id: string; name: string; email: string }>(
      `select id, name, email from "User" where email = 'dr.lee@demo.clinic'`,
    );
    const {
      rows: [type],
    } = await ctx.pool.query<{ id: string }>(`select id from "VisitType" limit 1`);
    const {
      rows: [text],
    } = await ctx.pool.query<{ id: string }>(
      `select id from "ConsentText" where kind = 'VIDEO' order by version desc limit 1`,
    );
    if (!clin || !type || !text) throw new Error("demo data missing");
    const actor = {
      userId: clin.id,
      sessionId: randomUUID(),
      role: "CLINICIAN" as const,
      name: clin.name,
      email: clin.email,
      patientId: null,
    };
    const reqCtx = { ip: "127.0.0.1", requestId: randomUUID(), userAgent: "bench" };
    // One patient per note, with video consent, and a completed visit in the past (a signed
    // note's times cannot be in the future), an hour apart (no overlaps).
    const visits: string[] = [];
    const starts = new Map<string, Date>();
    for (let i = 0; i < n; i++) {
      const pid = randomUUID();
      await ctx.pool.query(
        `insert into "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", "updatedAt") values ($1, $2, 'Bench', 'Note', '1970-01-01', 'America/Los_Angeles', 'WA', now())`,
        [pid, `NOTE-${i}-${pid.slice(0, 6)}`],
      );
      await ctx.pool.query(
        `insert into "ConsentRecord" (id, "patientId", kind, "textId", method, "capturedById", "expiresAt", "idempotencyKey") values (gen_random_uuid(), $1, 'VIDEO', $2, 'VERBAL', $3, now() + interval '1 year', gen_random_uuid()::text)`,
        [pid, text.id, clin.id],
      );
      const start = new Date(Date.UTC(2001, 0, 1) + i * 3_600_000);
      const { rows } = await ctx.pool.query<{ id: string }>(
        `insert into "Visit" (id, "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", modality, status, reason, "idempotencyKey", "createdById", "startedAt", "completedAt", "updatedAt")
         values (gen_random_uuid(), $1, $2, $3, $4, $5, 'VIDEO', 'COMPLETED', 'Bench', gen_random_uuid()::text, $2, $4, $5, now()) returning id`,
        [pid, clin.id, type.id, start, new Date(start.getTime() + 25 * 60_000)],
      );
      visits.push(rows[0]!.id);
      starts.set(rows[0]!.id, start);
    }
    const sign: number[] = [];
    for (const visitId of visits) {
      const start = starts.get(visitId)!;
      const t0 = performance.now();
      const r = await saveVisitNote(
        actor,
        {
          visitId,
          version: 0,
          intent: "sign",
          modalityUsed: "AUDIO_VIDEO",
          platform: "Bench video",
          audioOnlyReason: null,
          virtualReasons: ["DISTANCE"],
          virtualReasonOther: null,
          patientState: "WA",
          patientLocation: null,
          patientAtHome: true,
          clinicianLocation: "Office",
          startedAt: toLocalInput(start.toISOString(), tz),
          endedAt: toLocalInput(new Date(start.getTime() + 25 * 60_000).toISOString(), tz),
          timesReason: null,
          examLimits: "Video exam only.",
          homeObservations: null,
          assessment: "Stable.",
          plan: "Continue.",
          payer: "COMMERCIAL",
          patientStatus: null,
          newPatientOverrideReason: null,
          billingCode: "98000",
          billingOverrideReason: null,
          participants: [],
        },
        reqCtx,
      );
      sign.push(performance.now() - t0);
      if (!r.ok || !r.signed) throw new Error(`signing failed: ${JSON.stringify(r)}`);
    }
    const pdf: number[] = [];
    for (const visitId of visits.slice(0, Math.min(20, visits.length))) {
      const t0 = performance.now();
      const view = await getVisitNote(actor, visitId, reqCtx);
      const buf = await renderNotePdf(view);
      pdf.push(performance.now() - t0);
      if (buf.length < 1000) throw new Error("PDF too small");
    }
    const s = percentiles(sign);
    const p = percentiles(pdf);
    ctx.report(
      `sign note (${sign.length}x): p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (budget p95 < 300 ms) ${s.p95 < 300 ? "PASS" : "FAIL"}`,
    );
    ctx.report(
      `PDF export (${pdf.length}x, load + render): p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, max ${p.max.toFixed(1)} ms (budget < 1000 ms) ${p.max < 1000 ? "PASS" : "FAIL"}`,
    );
    if (s.p95 >= 300 || p.max >= 1000) throw new Error("visit-note budget missed");
  },
};

export default scenario;
