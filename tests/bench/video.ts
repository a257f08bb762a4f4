/**
 * Issue 7 budget: signaling adds at most one round trip per message through Postgres; report the
 * median message latency. Two app instances on one database (the patient and the clinician on
 * different instances): messages are POSTed to instance A and read from the event stream of
 * instance B. That each message is exactly one SQL statement (INSERT ... pg_notify) is asserted
 * by tests/integration/video.test.ts; here the receiving side's extra cost is measured: the
 * message should arrive on B about when A's POST returns (no polling, no extra read).
 * (Admit-to-video timing in real Chromium is measured by tests/e2e/video.spec.ts.)
 */
import { randomUUID } from "node:crypto";
import { signRoomToken } from "../../src/modules/video/core/room-token";
import { freePort, percentiles, startApp, waitForHttp, type BenchScenario } from "./lib";

const SECRET = "bench-secret-0123456789abcdef0123456789abcdef"; // as startApp sets it

type Stream = { next: (seq: number) => Promise<number>; close: () => void };

/** Reads an event stream and resolves when the message with a given sequence number arrives. */
async function openStream(url: string, token: string): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
  const waiters = new Map<number, (t: number) => void>();
  const arrived = new Map<number, number>();
  void (async () => {
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const m = /candidate:(\d+) /.exec(frame);
          if (!m) continue;
          const seq = Number(m[1]);
          const t = performance.now();
          const w = waiters.get(seq);
          if (w) w(t);
          else arrived.set(seq, t);
        }
      }
    } catch {
      /* closed */
    }
  })();
  return {
    next: (seq) => (arrived.has(seq) ? Promise.resolve(arrived.get(seq)!) : new Promise((resolve) => waiters.set(seq, resolve))),
    close: () => abort.abort(),
  };
}

const scenario: BenchScenario = {
  name: "video: signaling message latency across two app instances",
  async run(ctx) {
    const portB = await freePort();
    const appB = startApp(ctx.databaseUrl, portB);
    const urlB = `http://localhost:${portB}`;
    try {
      await waitForHttp(`${urlB}/api/health`);
      // A visit under way with two people in the call.
      const { rows: [clin] } = await ctx.pool.query<{ id: string }>(`select id from "User" where email = 'dr.patel@demo.clinic'`);
      const { rows: [type] } = await ctx.pool.query<{ id: string }>(`select id from "VisitType" limit 1`);
      const patientId = randomUUID();
      await ctx.pool.query(`insert into "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", "updatedAt") values ($1, $2, 'Bench', 'Video', '1970-01-01', 'America/Los_Angeles', 'WA', now())`, [patientId, `VID-${patientId.slice(0, 8)}`]);
      const visitId = randomUUID();
      const start = new Date(Date.UTC(2041, 0, 1));
      await ctx.pool.query(
        `insert into "Visit" (id, "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", modality, status, reason, "idempotencyKey", "createdById", "startedAt", "updatedAt")
         values ($1, $2, $3, $4, $5, $6, 'VIDEO', 'IN_PROGRESS', 'Bench', gen_random_uuid()::text, $3, now(), now())`,
        [visitId, patientId, clin!.id, type!.id, start, new Date(start.getTime() + 30 * 60_000)],
      );
      // Each seat names the session it was taken with (the signaling statement checks it is live):
      // the clinician's signed-in session, the patient's join-link session.
      const sessionOf = async (role: "CLINICIAN" | "PATIENT"): Promise<{ k: "u" | "l"; s: string }> => {
        const s = randomUUID();
        if (role === "CLINICIAN") {
          await ctx.pool.query(`insert into "Session" (id, "userId", "sessionVersion", "expiresAt") select $1, id, "sessionVersion", now() + interval '12 hours' from "User" where id = $2`, [s, clin!.id]);
          return { k: "u", s };
        }
        const linkId = randomUUID();
        await ctx.pool.query(`insert into "PatientLinkToken" (id, "tokenHash", "patientId", purpose, "subjectId", "expiresAt") values ($1, $2, $3, 'visit-join', $4, now() + interval '1 day')`, [linkId, randomUUID(), patientId, visitId]);
        await ctx.pool.query(`insert into "PatientLinkSession" (id, "tokenHash", "linkId", "lastSeenAt", "expiresAt", "capAt") values ($1, $2, $3, now(), now() + interval '12 hours', now() + interval '12 hours')`, [s, randomUUID(), linkId]);
        return { k: "l", s };
      };
      const seat = async (role: "CLINICIAN" | "PATIENT") => {
        const id = randomUUID();
        const c = randomUUID();
        await ctx.pool.query(`insert into "VideoParticipant" (id, "visitId", role, "displayName", state, "connectionId", "admittedAt", "updatedAt") values ($1, $2, $3, $4, 'ADMITTED', $5, now(), now())`, [id, visitId, role, `Bench ${role}`, c]);
        return { id, token: signRoomToken({ v: visitId, p: id, c, r: role, ...(await sessionOf(role)), exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET) };
      };
      const doc = await seat("CLINICIAN");
      const pat = await seat("PATIENT");

      const measure = async (sendTo: string, readFrom: string, n: number, label: string) => {
        const stream = await openStream(`${readFrom}/api/video/${visitId}/events?after=0`, pat.token);
        const endToEnd: number[] = [];
        const post: number[] = [];
        for (let i = 0; i < n; i++) {
          const seq = 1_000_000 + i + (label === "same" ? 0 : 500_000);
          const t0 = performance.now();
          const res = await fetch(`${sendTo}/api/video/${visitId}/signal`, {
            method: "POST",
            headers: { authorization: `Bearer ${doc.token}`, "content-type": "application/json" },
            body: JSON.stringify({ kind: "candidate", to: pat.id, data: { candidate: `candidate:${seq} 1 udp 2122260223 127.0.0.1 50000 typ host`, sdpMid: "0", sdpMLineIndex: 0 } }),
          });
          const t1 = performance.now();
          if (res.status !== 202) throw new Error(`signal ${res.status}: ${await res.text()}`);
          const got = await stream.next(seq);
          post.push(t1 - t0);
          endToEnd.push(got - t0);
          // Stay under the per-participant rate limit (150 per 10 s).
          await new Promise((r) => setTimeout(r, 75));
        }
        stream.close();
        return { e2e: percentiles(endToEnd), post: percentiles(post), relay: percentiles(endToEnd.map((e, i) => e - post[i]!)) };
      };
      const n = ctx.quick ? 40 : 100;
      await measure(ctx.appUrl, urlB, 10, "warm"); // first requests load route code
      const same = await measure(ctx.appUrl, ctx.appUrl, n, "same");
      const cross = await measure(ctx.appUrl, urlB, n, "cross");
      const t0 = performance.now();
      for (let i = 0; i < 50; i++) await ctx.pool.query(`select 1`);
      const roundTrip = (performance.now() - t0) / 50;
      ctx.report(`one Postgres round trip (select 1 from the bench): ${roundTrip.toFixed(2)} ms`);
      ctx.report(`same instance  (${n} msgs): POST p50 ${same.post.p50.toFixed(1)} ms; send -> received p50 ${same.e2e.p50.toFixed(1)} ms, p95 ${same.e2e.p95.toFixed(1)} ms; arrives ${same.relay.p50.toFixed(1)} ms after the POST returns (p50)`);
      ctx.report(`two instances  (${n} msgs): POST p50 ${cross.post.p50.toFixed(1)} ms; send -> received p50 ${cross.e2e.p50.toFixed(1)} ms, p95 ${cross.e2e.p95.toFixed(1)} ms; arrives ${cross.relay.p50.toFixed(1)} ms after the POST returns (p50), p95 ${cross.relay.p95.toFixed(1)} ms`);
      // Budget: the relay adds no more than one more database round trip's worth (plus the HTTP write) to the send.
      const extra = cross.relay.p50;
      ctx.report(`budget: relay adds at most one round trip per message: p50 extra ${extra.toFixed(1)} ms ${extra <= Math.max(5, roundTrip * 5) ? "PASS" : "FAIL"}`);
      if (extra > Math.max(5, roundTrip * 5)) throw new Error("signaling relay slower than one round trip");
    } finally {
      appB.kill("SIGTERM");
    }
  },
};

export default scenario;
