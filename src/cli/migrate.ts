// `npm run db:migrate`: applies pending prisma/migrations to DATABASE_URL (see lib/migrations.ts
// for why this does not call `prisma migrate deploy`).
import { config } from "dotenv";
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
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error("DATABASE_URL is not set. Put it in .env or the environment, e.g. postgresql://postgres@127.0.0.1:5432/vpc");
    return 1;
  }
  console.log(`Migrating ${redact(databaseUrl)}`);
  const { applied } = await applyMigrations(databaseUrl, { log: (line) => console.log(`  ${line}`) });
  console.log(applied.length === 0 ? "Database is up to date: nothing to apply." : `Applied ${applied.length} migration(s): ${applied.join(", ")}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
