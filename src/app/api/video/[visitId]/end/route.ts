import { NextResponse } from "next/server";
import { apiRoute } from "@/server/api-route";
import { jsonError, readJson } from "@/modules/video/http.server";
import { endVideoVisit } from "@/modules/video/room.server";
import { endSchema } from "@/modules/video/schemas";
import { getApiActor } from "@/server/auth/actor";
import { isUuid } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

/** POST /api/video/<visitId>/end {} - the clinician ends the call: the visit is completed with its end time. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ visitId: string }> }) => {
  const { visitId } = await params;
  const actor = await getApiActor();
  if (!actor) return NextResponse.json({ error: "Please sign in to continue.", code: "UNAUTHENTICATED" }, { status: 401 });
  if (!isUuid(visitId)) return NextResponse.json({ error: "No such visit." }, { status: 404 });
  const body = await readJson(request, endSchema);
  if (!body.ok) return body.response;
  try {
    const result = await endVideoVisit(actor, visitId, await getRequestContext());
    return NextResponse.json(result ?? { ok: true });
  } catch (e) {
    return jsonError(e);
  }
});
