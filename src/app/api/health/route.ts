import { apiRoute } from "@/server/api-route";

/** Liveness: the process is up and serving. Never touches the database. */
export const GET = apiRoute(() => Response.json({ status: "ok" }));
