import "dotenv/config";
import { defineConfig } from "prisma/config";

// Prisma 7 CLI configuration. Migrations are applied by `npm run db:migrate` (works without the
// native schema engine); `prisma migrate deploy` also accepts them on a machine that has it.
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
