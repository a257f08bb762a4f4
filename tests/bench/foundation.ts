import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { fmt, freePort, load, type BenchScenario } from "./lib";

/**
 * Issue 2's scenarios: an authenticated page (/patients) and a JSON route (/api/patients) against
 * a bare node:http + pg server doing the same SQL per request: the session check (session joined
 * with its user), the patient page query and its count, and the audit insert.
 */
const SESSION_SQL = `select s.id, s."revokedAt", s."expiresAt", s."lastSeenAt", s."sessionVersion", u.id as uid, u.role, u.active, u."sessionVersion" as usv
  from "Session" s join "User" u on u.id = s."userId" where s.id = $1`;
const LIST_SQL = `select p.id, p.mrn, p."givenName", p."familyName", p."birthDate", p.phone, p."stateOfResidence", p."canDoVideo", c.name as clinician
  from "Patient" p left join "User" c on c.id = p."primaryClinicianId" order by p."familyName", p."givenName", p.id limit 25 offset 0`;
const COUNT_SQL = `select count(*)::int as n from "Patient"`;
const AUDIT_SQL = `insert into "AuditEvent" ("actorUserId","actorRole","action","entityType","outcome","ip","requestId","details") values ($1,$2,'LIST','Patient','SUCCESS',$3,$4,$5)`;

export async function startBare(databaseUrl: string, sessionId: string, mode: "html" | "json") {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const port = await freePort();
  const server = createServer(async (req, res) => {
    try {
      const s = await pool.query(SESSION_SQL, [sessionId]);
      const row = s.rows[0] as { uid: string; role: string } | undefined;
      if (!row) {
        res.writeHead(401).end();
        return;
      }
      const [list, count] = await Promise.all([pool.query(LIST_SQL), pool.query(COUNT_SQL)]);
      await pool.query(AUDIT_SQL, [
        row.uid,
        row.role,
        req.socket.remoteAddress,
        randomUUID(),
        JSON.stringify({ results: list.rowCount }),
      ]);
      if (mode === "json") {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ rows: list.rows, total: count.rows[0] }));
      } else {
        const items = list.rows
          .map(
            (r: { givenName: string; familyName: string; mrn: string }) =>
              `<tr><td>${r.givenName} ${r.familyName}</td><td>${r.mrn}</td></tr>`,
          )
          .join("");
        res
          .writeHead(200, { "content-type": "text/html" })
          .end(`<!doctype html><html><body><table>${items}</table></body></html>`);
      }
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.close();
      await pool.end();
    },
  };
}

const scenario: BenchScenario = {
  name: "foundation: authenticated page and JSON route vs bare node:http + pg",
  async run(ctx) {
    const cookie = await ctx.login("sam.rivera@demo.clinic");
    // The bare server checks the same session row the app's cookie points at.
    const sid = (
      await ctx.pool.query(
        `select s.id from "Session" s join "User" u on u.id = s."userId" where u.email = 'sam.rivera@demo.clinic' and s."revokedAt" is null order by s."createdAt" desc limit 1`,
      )
    ).rows[0]?.id as string;
    const duration = ctx.quick ? 4 : 8;
    for (const mode of ["html", "json"] as const) {
      const bare = await startBare(ctx.databaseUrl, sid, mode);
      const path = mode === "html" ? "/patients" : "/api/patients";
      // Warm both (JIT, pools) before measuring; then measure side by side.
      await load({ url: `${ctx.appUrl}${path}`, headers: { cookie }, duration: 2 });
      await load({ url: `${bare.url}/`, duration: 2 });
      const app = await load({ url: `${ctx.appUrl}${path}`, headers: { cookie }, duration });
      const base = await load({ url: `${bare.url}/`, duration });
      await bare.close();
      ctx.report(`${mode === "html" ? "page /patients  " : "JSON /api/patients"} app : ${fmt(app)}`);
      ctx.report(`${mode === "html" ? "page /patients  " : "JSON /api/patients"} bare: ${fmt(base)}`);
      ctx.report(
        `${mode === "html" ? "page /patients  " : "JSON /api/patients"} ratio app/bare throughput = ${(app.rps / base.rps).toFixed(2)}  (p95 ${app.p95.toFixed(1)} vs ${base.p95.toFixed(1)} ms)`,
      );
      if (app.non2xx > 0) throw new Error(`app answered ${app.non2xx} non-2xx responses on ${path}`);
    }
  },
};

export default scenario;
