import { NextResponse } from "next/server";
import { apiRoute, errorResponse } from "@/server/api-route";
import { joinRoom, type RoomCredential, jsonError, readJson, refuseRoom } from "@/modules/video/index.server";
import { joinSchema } from "@/modules/video/schemas";
import { getApiActor } from "@/server/auth/actor";
import { isUuid } from "@/server/page-data";
import { readLinkSession } from "@/modules/patient-access/index.server";
import { getRequestContext } from "@/server/request-context";

/**
 * POST /api/video/<visitId>/join {via, hasCamera} - enter a visit's room (waiting room first,
 * except for the clinician). Access comes from the portal session, the patient's join-link
 * session or a guest-link session; the answer carries a room token for signaling.
 */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ visitId: string }> }) => {
  const { visitId } = await params;
  if (!isUuid(visitId)) return errorResponse(404, "NOT_FOUND", "No such visit.");
  const body = await readJson(request, joinSchema);
  if (!body.ok) return body.response;
  let cred: RoomCredential | null = null;
  if (body.data.via === "account") {
    const actor = await getApiActor();
    if (actor) cred = { kind: "actor", actor };
  } else {
    const purpose = body.data.via === "link" ? "visit-join" : "visit-guest";
    const session = await readLinkSession(purpose);
    if (session) cred = body.data.via === "link" ? { kind: "link", session } : { kind: "guest", session };
  }
  if (!cred)
    return refuseRoom(
      visitId,
      body.data.via === "account" ? "unauthenticated" : "no_link_session",
      "Your link or sign-in has expired. Open the link from your message again, or sign in.",
    );
  try {
    return NextResponse.json(
      await joinRoom(cred, visitId, { hasCamera: body.data.hasCamera }, await getRequestContext()),
    );
  } catch (e) {
    return jsonError(e);
  }
});
