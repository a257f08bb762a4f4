import "dotenv/config";
import { seedDemo } from "../src/cli/lib/seed-demo";

// `npm run db:seed`: demo data (refuses a database holding real data), as the owner role when
// MIGRATION_DATABASE_URL is set, else as DATABASE_URL's role (it only inserts rows).
const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. `npm start` without it uses the embedded database and seeds it itself.");
  process.exit(1);
}
seedDemo(url, (l) => console.log(l)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
