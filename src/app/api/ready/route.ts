import { apiRoute } from "@/server/api-route";
import { readiness } from "@/server/health";

/** Readiness: 503 while the database is unreachable or the process is draining for shutdown. */
export const GET = apiRoute(async () => {
  const r = await readiness();
  return Response.json(
    { status: r.ready ? "ready" : "unavailable", database: r.database, draining: r.draining },
    { status: r.ready ? 200 : 503 },
  );
});
