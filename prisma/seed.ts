import "dotenv/config";
import { seedDemo } from "../src/cli/lib/seed-demo";

// `npm run db:seed`: demo data into DATABASE_URL (refuses a database holding real data).
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. `npm start` without it uses the embedded database and seeds it itself.");
  process.exit(1);
}
seedDemo(url, (l) => console.log(l)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
