import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { dropDatabase, uniqueDatabaseName } from "../../src/cli/lib/databases";
import {
  adoptDatabase,
  APPEND_ONLY_TABLES,
  createAppDatabase,
  ensureRoles,
  privilegeProblems,
  TEST_DB_ROLES,
  userOf,
} from "../../src/cli/lib/db-roles";
import { applyMigrations } from "../../src/cli/lib/migrations";
import { db } from "@/server/db";

/**
 * The app's database role cannot rewrite the audit trail (docs/security-model.md#database-roles): every integration test runs as that role (tests/setup), so this runs wherever the
 * suite runs - system Postgres, TEST_POSTGRES_URL or the embedded one.
 */
const appUrl = process.env.DATABASE_URL!;
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: appUrl });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

async function sqlstate(sql: string): Promise<string | undefined> {
  await client.query("BEGIN");
  try {
    await client.query(sql);
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  } finally {
    await client.query("ROLLBACK");
  }
}

describe("the app's database role", () => {
  it("is the least-privilege app role, not a superuser or an owner", async () => {
    expect(userOf(appUrl)).toBe(TEST_DB_ROLES.app.name);
    expect(await privilegeProblems(appUrl)).toEqual([]);
    const r = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; owner: string }>(
      `SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole, pg_get_userbyid(c.relowner) AS owner
       FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = '"AuditEvent"'::regclass`,
    );
    expect(r.rows[0]).toEqual({
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      owner: TEST_DB_ROLES.owner.name,
    });
  });

  it("may only INSERT and SELECT on the audit table; every way of rewriting it is refused", async () => {
    await client.query(
      `INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('READ', 'RoleTest', 'SUCCESS')`,
    );
    expect(
      (await client.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "entityType" = 'RoleTest'`)).rows[0].n,
    ).toBeGreaterThan(0);
    const attempts: [string, string][] = [
      [`UPDATE "AuditEvent" SET outcome = 'DENIED'`, "42501"],
      [`DELETE FROM "AuditEvent"`, "42501"],
      [`TRUNCATE "AuditEvent"`, "42501"],
      [`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"`, "42501"],
      [`ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`, "42501"],
      [`DROP TRIGGER "AuditEvent_append_only" ON "AuditEvent"`, "42501"],
      [`DROP TABLE "AuditEvent"`, "42501"],
      [`SET session_replication_role = replica`, "42501"],
      [`SET ROLE ${TEST_DB_ROLES.owner.name}`, "42501"],
      [`CREATE TABLE "Sneaky" (id int)`, "42501"],
      [
        `CREATE OR REPLACE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN OLD; END'`,
        "42501",
      ],
    ];
    for (const [sql, code] of attempts) expect(await sqlstate(sql), sql).toBe(code);
  });

  it("cannot TRUNCATE any table, nor UPDATE or DELETE the other append-only tables", async () => {
    const tables = (
      await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`)
    ).rows.map((r) => r.t);
    expect(tables.length).toBeGreaterThan(20);
    for (const t of tables) expect(await sqlstate(`TRUNCATE "${t}"`), t).toBe("42501");
    for (const t of APPEND_ONLY_TABLES) {
      expect(await sqlstate(`UPDATE "${t}" SET "id" = "id"`), t).toBe("42501");
      expect(await sqlstate(`DELETE FROM "${t}"`), t).toBe("42501");
    }
    expect(await sqlstate(`SELECT * FROM _prisma_migrations`)).toBe("42501");
  });

  it("still runs the app (Prisma reads and writes as the app role)", async () => {
    const u = await db.user.create({
      data: { email: `role-${Date.now()}@test.clinic`, name: "Role test", role: "ADMIN", passwordHash: "x" },
      select: { id: true },
    });
    await db.user.update({ where: { id: u.id }, data: { name: "Role test 2" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).name).toBe("Role test 2");
    await db.auditEvent.create({ data: { action: "READ", entityType: "RoleTest", outcome: "SUCCESS" } });
  });
});

describe("provisioning (the same code npm start, npm test and db:migrate use)", () => {
  it("grants a table added by a later migration to the app role, rows only", async () => {
    const serverUrl = inject("pgServerUrl");
    const name = uniqueDatabaseName("vpc_it_roles");
    await ensureRoles(serverUrl, TEST_DB_ROLES);
    const { ownerUrl, appUrl: freshApp } = await createAppDatabase(serverUrl, name, TEST_DB_ROLES);
    try {
      await applyMigrations(ownerUrl, { appRole: TEST_DB_ROLES.app.name });
      const owner = new pg.Client({ connectionString: ownerUrl });
      await owner.connect();
      // A later migration, before the grants run again: default privileges already cover it.
      await owner.query(`CREATE TABLE "Later" (id serial PRIMARY KEY, v text)`);
      await owner.end();
      const app = new pg.Client({ connectionString: freshApp });
      await app.connect();
      try {
        await app.query(`INSERT INTO "Later" (v) VALUES ('x')`);
        await app.query(`UPDATE "Later" SET v = 'y'`);
        await expect(app.query(`TRUNCATE "Later"`)).rejects.toMatchObject({ code: "42501" });
        await expect(app.query(`ALTER TABLE "Later" ADD COLUMN w int`)).rejects.toMatchObject({ code: "42501" });
      } finally {
        await app.end();
      }
      expect(await privilegeProblems(freshApp)).toEqual([]);
      expect(await privilegeProblems(ownerUrl)).not.toEqual([]);
    } finally {
      await dropDatabase(serverUrl, name);
    }
  });

  it("adopts a database made before the two roles (objects owned by the superuser)", async () => {
    const serverUrl = inject("pgServerUrl");
    const name = uniqueDatabaseName("vpc_it_adopt");
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const superDb = new URL(serverUrl);
    superDb.pathname = `/${name}`;
    try {
      await applyMigrations(superDb.toString());
      await ensureRoles(serverUrl, TEST_DB_ROLES);
      await adoptDatabase(superDb.toString(), name, TEST_DB_ROLES.owner.name);
      const ownerUrl = new URL(superDb);
      ownerUrl.username = TEST_DB_ROLES.owner.name;
      ownerUrl.password = TEST_DB_ROLES.owner.password;
      await applyMigrations(ownerUrl.toString(), { appRole: TEST_DB_ROLES.app.name });
      const c = new pg.Client({ connectionString: superDb.toString() });
      await c.connect();
      const foreign = await c.query(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r','S','v') AND pg_get_userbyid(c.relowner) <> $1
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')`,
        [TEST_DB_ROLES.owner.name],
      );
      await c.end();
      expect(foreign.rows).toEqual([]);
      const appUrl = new URL(superDb);
      appUrl.username = TEST_DB_ROLES.app.name;
      appUrl.password = TEST_DB_ROLES.app.password;
      expect(await privilegeProblems(appUrl.toString())).toEqual([]);
    } finally {
      await dropDatabase(serverUrl, name);
    }
  });
});
