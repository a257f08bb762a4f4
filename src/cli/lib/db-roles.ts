// Two database roles (docs/security-model.md#database-roles; docs/decisions/0007b-database-roles.md):
// an OWNER that runs migrations and owns every table, trigger and function, and the APP role the
// server connects as, which can only read and write rows. Only a table's owner (or a superuser)
// can ALTER/DISABLE/DROP its triggers, and only a superuser can SET session_replication_role, so
// the app role cannot switch off the append-only triggers that protect the audit trail.
// Plain `pg`, never Prisma: this runs before any schema or generated client exists.
import pg from "pg";
import { assertDatabaseName, databaseUrl } from "./databases";

export type RoleCredentials = { name: string; password: string };
export type DbRoles = { owner: RoleCredentials; app: RoleCredentials };

/** Roles for throwaway test and benchmark databases (integration, e2e, bench): never used for real data. */
export const TEST_DB_ROLES: DbRoles = {
  owner: { name: "vpc_test_owner", password: "vpc-test-owner-password" },
  app: { name: "vpc_test_app", password: "vpc-test-app-password" },
};

/**
 * Tables whose rows are never changed or deleted (each also has a trigger refusing it): the app
 * role may only INSERT and SELECT. A new append-only table goes here (and gets its trigger).
 */
export const APPEND_ONLY_TABLES = ["AuditEvent", "FormResponse", "NoteAddendum"] as const;
/** Tables the app role never touches (migration history belongs to the owner). */
export const OWNER_ONLY_TABLES = ["_prisma_migrations"] as const;

// Role names end up in DDL, where they cannot be bound as parameters (same rule as database names).
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
function assertRoleName(name: string): void {
  if (!ROLE_NAME.test(name))
    throw new Error(`Invalid role name ${JSON.stringify(name)}: use lower-case letters, digits or underscores.`);
}

// Any fixed key: serialises concurrent runs (several test runs share one Postgres) that create or
// alter the same roles, which Postgres otherwise answers with "tuple concurrently updated".
const ROLE_LOCK_KEY = 727073690;

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  // Prisma's ?schema= parameter is not a Postgres setting: pg would send it and fail.
  const u = new URL(url);
  u.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL of database `name` on serverUrl's server, signed in as `role`. */
export function roleUrl(serverUrl: string, name: string, role: RoleCredentials): string {
  assertRoleName(role.name);
  const url = new URL(databaseUrl(serverUrl, name));
  url.username = role.name;
  url.password = encodeURIComponent(role.password);
  return url.toString();
}

/** The user name a connection string signs in as. */
export function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Creates the owner and app roles if missing and (re)sets their attributes: LOGIN, no superuser,
 * no CREATEDB/CREATEROLE/REPLICATION/BYPASSRLS; the app role is never a member of the owner role
 * (membership would let it SET ROLE to the owner). Needs a superuser connection (serverUrl).
 */
export async function ensureRoles(serverUrl: string, roles: DbRoles): Promise<void> {
  assertRoleName(roles.owner.name);
  assertRoleName(roles.app.name);
  if (roles.owner.name === roles.app.name) throw new Error("The owner and app roles must be different roles.");
  await withClient(serverUrl, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [ROLE_LOCK_KEY]);
    try {
      for (const role of [roles.owner, roles.app]) {
        const attrs = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(role.password)}`;
        const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role.name]);
        await client.query(
          `${exists.rowCount ? "ALTER" : "CREATE"} ROLE "${role.name}" ${role === roles.app ? "NOINHERIT " : ""}${attrs}`,
        );
      }
      const member = await client.query("SELECT pg_has_role($1, $2, 'MEMBER') AS m", [
        roles.app.name,
        roles.owner.name,
      ]);
      if (member.rows[0]?.m) await client.query(`REVOKE "${roles.owner.name}" FROM "${roles.app.name}"`);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [ROLE_LOCK_KEY]).catch(() => undefined);
    }
  });
}

/**
 * Creates database `name` owned by the owner role (optionally cloned from a template, which keeps
 * the template's objects, owners and grants) and returns the owner's and the app's URLs.
 */
export async function createAppDatabase(
  serverUrl: string,
  name: string,
  roles: DbRoles,
  opts: { template?: string } = {},
): Promise<{ ownerUrl: string; appUrl: string }> {
  assertDatabaseName(name);
  assertRoleName(roles.owner.name);
  if (opts.template !== undefined) assertDatabaseName(opts.template);
  const template = opts.template === undefined ? "" : ` TEMPLATE "${opts.template}"`;
  await withClient(serverUrl, (client) =>
    client.query(`CREATE DATABASE "${name}" OWNER "${roles.owner.name}"${template}`),
  );
  return { ownerUrl: roleUrl(serverUrl, name, roles.owner), appUrl: roleUrl(serverUrl, name, roles.app) };
}

/**
 * An existing database (e.g. `.data/pg` from before the two roles) whose objects belong to
 * someone else: hands the database, the schema and every table, view, sequence, type and function
 * in it (extension members excepted) to the owner role. A no-op when the owner already owns
 * everything. Needs a superuser connection to that database.
 */
export async function adoptDatabase(
  superDbUrl: string,
  dbName: string,
  owner: string,
  schema = "public",
): Promise<void> {
  assertDatabaseName(dbName);
  assertRoleName(owner);
  await withClient(superDbUrl, async (client) => {
    await client.query(`ALTER DATABASE "${dbName}" OWNER TO "${owner}"`);
    const s = client.escapeIdentifier(schema);
    const o = client.escapeIdentifier(owner);
    await client.query(`ALTER SCHEMA ${s} OWNER TO ${o}`);
    const notExtension = (col: string) =>
      `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = ${col} AND d.deptype = 'e')`;
    const q = async (sql: string): Promise<string[]> =>
      (await client.query<{ stmt: string }>(sql, [schema, owner])).rows.map((r) => r.stmt);
    // Tables first: changing a table's owner also moves the sequences its columns own.
    const statements = [
      ...(await q(`SELECT format('ALTER TABLE %s OWNER TO %I', c.oid::regclass, $2::text) AS stmt FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r','p','v','m','f') AND pg_get_userbyid(c.relowner) <> $2 AND ${notExtension("c.oid")}`)),
    ];
    for (const stmt of statements) await client.query(stmt);
    const later = [
      ...(await q(`SELECT format('ALTER SEQUENCE %s OWNER TO %I', c.oid::regclass, $2::text) AS stmt FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> $2 AND ${notExtension("c.oid")}
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a','i'))`)),
      ...(await q(`SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, $2::text) AS stmt FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1 AND t.typtype IN ('e','d') AND pg_get_userbyid(t.typowner) <> $2 AND ${notExtension("t.oid")}`)),
      ...(await q(`SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, $2::text) AS stmt FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2 AND ${notExtension("p.oid")}`)),
    ];
    for (const stmt of later) await client.query(stmt);
  });
}

/**
 * Run as the owner after every migration (applyMigrations does): the app role gets exactly the
 * privileges it needs on every table that exists now, and default privileges cover tables a
 * later migration creates before this runs again. In one transaction, so the app never sees a
 * moment without its grants.
 */
export async function grantAppPrivileges(ownerUrl: string, appRole: string, schema = "public"): Promise<void> {
  assertRoleName(appRole);
  await withClient(ownerUrl, async (client) => {
    const s = client.escapeIdentifier(schema);
    const app = client.escapeIdentifier(appRole);
    const tables = new Set(
      (
        await client.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = $1", [schema])
      ).rows.map((r) => r.t),
    );
    await client.query("BEGIN");
    try {
      await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${app}`);
      await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${app}`);
      await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${app}`);
      await client.query(`REVOKE CREATE ON SCHEMA ${s} FROM ${app}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${app}`);
      for (const t of APPEND_ONLY_TABLES)
        if (tables.has(t))
          await client.query(`REVOKE UPDATE, DELETE ON ${s}.${client.escapeIdentifier(t)} FROM ${app}`);
      for (const t of OWNER_ONLY_TABLES)
        if (tables.has(t)) await client.query(`REVOKE ALL ON ${s}.${client.escapeIdentifier(t)} FROM ${app}`);
      await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${app}`);
      // Tables created later by this owner: rows only, never TRUNCATE, REFERENCES or TRIGGER.
      await client.query(
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
      );
      await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
      // Before Postgres 15 every role could create objects in public; the app must not.
      const owns = await client.query<{ owns: boolean }>(
        "SELECT pg_has_role(current_user, n.nspowner, 'USAGE') AS owns FROM pg_namespace n WHERE n.nspname = $1",
        [schema],
      );
      if (owns.rows[0]?.owns) await client.query(`REVOKE CREATE ON SCHEMA ${s} FROM PUBLIC`);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Why this connection is too powerful for the app, in words for an operator; empty when it is a
 * least-privilege role: not a superuser, no BYPASSRLS/CREATEROLE, and neither the owner (nor a
 * member of the owner's role) of any table in the schema.
 */
export async function privilegeProblems(url: string, schema = "public"): Promise<string[]> {
  return withClient(url, async (client) => {
    const r = await client.query<{
      user: string;
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcreaterole: boolean;
      owned: string[] | null;
    }>(
      `SELECT current_user AS "user", r.rolsuper, r.rolbypassrls, r.rolcreaterole,
              (SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind IN ('r','p') AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned
       FROM pg_roles r WHERE r.rolname = current_user`,
      [schema],
    );
    const row = r.rows[0];
    if (!row) return ["the connection's role could not be read"];
    const problems: string[] = [];
    if (row.rolsuper) problems.push(`${row.user} is a superuser`);
    if (row.rolbypassrls) problems.push(`${row.user} has BYPASSRLS`);
    if (row.rolcreaterole) problems.push(`${row.user} has CREATEROLE`);
    if (row.owned?.length)
      problems.push(
        `${row.user} owns (or is a member of the owner of) ${row.owned.length} table(s), e.g. ${row.owned.slice(0, 3).join(", ")}`,
      );
    return problems;
  });
}

/**
 * The database `name` on a server we administer (the embedded one): roles ensured, the database
 * created owned by the owner role - or, when it exists from before the two roles, adopted by it.
 * Returns the owner's URL (migrations, seed) and the app's URL (the server).
 */
export async function prepareAppDatabase(
  serverUrl: string,
  name: string,
  roles: DbRoles,
): Promise<{ ownerUrl: string; appUrl: string }> {
  await ensureRoles(serverUrl, roles);
  const exists = await withClient(serverUrl, (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]));
  if (exists.rowCount === 0) return createAppDatabase(serverUrl, name, roles);
  await adoptDatabase(databaseUrl(serverUrl, name), name, roles.owner.name);
  return { ownerUrl: roleUrl(serverUrl, name, roles.owner), appUrl: roleUrl(serverUrl, name, roles.app) };
}
