import { NextResponse } from "next/server";
import { apiRoute } from "@/server/api-route";
import { jsonError, readJson } from "@/modules/video/http.server";
import { fallBackToPhone } from "@/modules/video/room.server";
import { phoneFallbackSchema } from "@/modules/video/schemas";
import { getApiActor } from "@/server/auth/actor";
import { isUuid } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

/** POST /api/video/<visitId>/phone {reason, detail?, phoneNumber?} - fall back to a phone call: records why, closes the room, returns the number to call. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ visitId: string }> }) => {
  const { visitId } = await params;
  const actor = await getApiActor();
  if (!actor) return NextResponse.json({ error: "Please sign in to continue.", code: "UNAUTHENTICATED" }, { status: 401 });
  if (!isUuid(visitId)) return NextResponse.json({ error: "No such visit." }, { status: 404 });
  const body = await readJson(request, phoneFallbackSchema);
  if (!body.ok) return body.response;
  try {
    const result = await fallBackToPhone(actor, visitId, body.data, await getRequestContext());
    return NextResponse.json(result ?? { ok: true });
  } catch (e) {
    return jsonError(e);
  }
});
