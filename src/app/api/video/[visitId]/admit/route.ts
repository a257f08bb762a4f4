import { NextResponse } from "next/server";
import { apiRoute } from "@/server/api-route";
import { jsonError, readJson } from "@/modules/video/http.server";
import { admitParticipant } from "@/modules/video/room.server";
import { admitSchema } from "@/modules/video/schemas";
import { getApiActor } from "@/server/auth/actor";
import { isUuid } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

/** POST /api/video/<visitId>/admit {participantId} - the clinician lets someone in from the waiting room (letting the patient in starts the visit). */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ visitId: string }> }) => {
  const { visitId } = await params;
  const actor = await getApiActor();
  if (!actor) return NextResponse.json({ error: "Please sign in to continue.", code: "UNAUTHENTICATED" }, { status: 401 });
  if (!isUuid(visitId)) return NextResponse.json({ error: "No such visit." }, { status: 404 });
  const body = await readJson(request, admitSchema);
  if (!body.ok) return body.response;
  try {
    const result = await admitParticipant(actor, visitId, body.data.participantId, await getRequestContext());
    return NextResponse.json(result ?? { ok: true });
  } catch (e) {
    return jsonError(e);
  }
});
