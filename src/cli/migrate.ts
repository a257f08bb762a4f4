// `npm run db:migrate`: applies pending prisma/migrations (see lib/migrations.ts for why this does
// not call `prisma migrate deploy`). Two roles (lib/db-roles.ts, README "Running against your own
// PostgreSQL"): MIGRATION_DATABASE_URL signs in as the owner, which runs the migrations; the app
// role named in DATABASE_URL then gets its grants. With only DATABASE_URL, it migrates that
// database as that role and grants nothing (the app then refuses to start as the owner).
import { config } from "dotenv";
import { userOf } from "./lib/db-roles";
import { applyMigrations } from "./lib/migrations";

// tsx does not read .env the way Next does; quiet, because dotenv otherwise prints a banner.
config({ quiet: true });

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

async function main(): Promise<number> {
  const appUrl = process.env.DATABASE_URL;
  const ownerUrl = process.env.MIGRATION_DATABASE_URL ?? appUrl;
  if (!ownerUrl) {
    console.error(
      "Set MIGRATION_DATABASE_URL (the owner role) and DATABASE_URL (the app role), e.g. in .env; see README.",
    );
    return 1;
  }
  let appRole: string | undefined;
  if (process.env.MIGRATION_DATABASE_URL && appUrl) {
    appRole = userOf(appUrl);
    if (appRole === userOf(ownerUrl)) {
      console.error(
        "DATABASE_URL and MIGRATION_DATABASE_URL sign in as the same role: the app must use its own least-privilege role (README).",
      );
      return 1;
    }
  } else {
    console.log(
      "MIGRATION_DATABASE_URL is not set: migrating as DATABASE_URL's role and granting nothing (see README for the two roles).",
    );
  }
  console.log(`Migrating ${redact(ownerUrl)}${appRole ? ` (app role: ${appRole})` : ""}`);
  const { applied } = await applyMigrations(ownerUrl, { log: (line) => console.log(`  ${line}`), appRole });
  console.log(
    applied.length === 0
      ? "Database is up to date: nothing to apply."
      : `Applied ${applied.length} migration(s): ${applied.join(", ")}`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
