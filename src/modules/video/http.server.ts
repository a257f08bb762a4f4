import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { fieldErrors } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { appErrorResponse, errorResponse, validationResponse } from "@/server/api-route";
import { getApiActor } from "@/server/auth/actor";
import { writeRefusal } from "@/server/audit";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { isUuid } from "@/server/page-data";
import { getRequestContext, type RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { isAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { bearer, verifyRoomToken, type RoomClaims } from "./core/room-token";
import { checkSeat } from "./seat.server";
import { isConsentRequired } from "@/modules/consent/index.server";

/** Small helpers shared by the video room's route handlers (JSON in, JSON out). */
export function jsonError(e: unknown): Response {
  // A start refused for want of consent says so in a code of its own, with what is missing.
  if (isConsentRequired(e))
    return errorResponse(409, e.reason, e.message, { consent: { kind: e.consentKind, state: e.consentState } });
  if (isAppError(e)) return appErrorResponse(e);
  throw e;
}

export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    const text = await request.text();
    if (text.length > 64_000)
      return { ok: false, response: errorResponse(413, "TOO_LARGE", "The message is too large.") };
    body = text ? JSON.parse(text) : {};
  } catch {
    return { ok: false, response: errorResponse(400, "VALIDATION", "Send a JSON body.") };
  }
  const parsed = parseInput(schema, body);
  if (!parsed.success)
    return {
      ok: false,
      response: validationResponse(fieldErrors(parsed.error)),
    };
  return { ok: true, data: parsed.data };
}

/** The room token from the Authorization header, for this visit only. */
export function roomClaims(request: Request, visitId: string): RoomClaims | null {
  const claims = verifyRoomToken(bearer(request.headers.get("authorization")), getEnv().NEXTAUTH_SECRET);
  if (!claims || claims.v !== visitId) {
    logger.info("video.token.refused", { visitId });
    return null;
  }
  return claims;
}

/**
 * A request to a visit's room without a live seat or sign-in: 401, and one DENIED audit row naming
 * the visit and, when the visit exists, its patient (docs/security-model.md#video-rooms).
 */
export async function refuseRoom(
  visitId: string,
  reason: "no_room_token" | "no_live_seat" | "unauthenticated" | "no_link_session",
  message = "You are not in this visit's room. Open your visit link again.",
): Promise<Response> {
  const patientId = isUuid(visitId)
    ? ((await db.visit.findUnique({ where: { id: visitId }, select: { patientId: true } }).catch(() => null))
        ?.patientId ?? null)
    : null;
  await writeRefusal({
    actor: null,
    action: "ACCESS",
    entityType: "VideoRoom",
    entityId: isUuid(visitId) ? visitId : null,
    patientId,
    outcome: "DENIED",
    ctx: await getRequestContext(),
    details: { reason },
  });
  return errorResponse(401, "UNAUTHENTICATED", message);
}

export function noSeat(visitId: string, reason: "no_room_token" | "no_live_seat" = "no_live_seat"): Promise<Response> {
  return refuseRoom(visitId, reason);
}

/**
 * The room actions a signed-in clinician takes (admit, remove, end, switch to phone): session,
 * visit id, JSON body through its schema, then the room function, which authorizes. Wrap the
 * result in apiRoute in the route file.
 */
export function signedInRoomAction<S extends z.ZodType>(
  schema: S,
  run: (actor: Actor, visitId: string, input: z.infer<S>, ctx: RequestContext) => Promise<unknown>,
) {
  return async (request: Request, { params }: { params: Promise<{ visitId: string }> }): Promise<Response> => {
    const { visitId } = await params;
    const actor = await getApiActor();
    if (!actor) return refuseRoom(visitId, "unauthenticated", "Please sign in to continue.");
    if (!isUuid(visitId)) return errorResponse(404, "NOT_FOUND", "No such visit.");
    const body = await readJson(request, schema);
    if (!body.ok) return body.response;
    try {
      const result = await run(actor, visitId, body.data, await getRequestContext());
      return NextResponse.json(result ?? { ok: true });
    } catch (e) {
      return jsonError(e);
    }
  };
}

/**
 * The room actions a seated participant takes with no body (leave, ask for a phone call): the room
 * token for this visit, the seat still live (it dies with the session it was taken with: sign-out,
 * revocation, idle, link ended; not touched), then the room function. Wrap it in apiRoute in the
 * route file.
 */
export function seatedRoomAction(run: (claims: RoomClaims, ctx: RequestContext) => Promise<unknown>) {
  return async (request: Request, { params }: { params: Promise<{ visitId: string }> }): Promise<Response> => {
    const { visitId } = await params;
    const claims = roomClaims(request, visitId);
    if (!claims) return noSeat(visitId, "no_room_token");
    const ctx = await getRequestContext();
    if (!(await checkSeat(claims, { touch: false, ctx })).ok) return noSeat(visitId);
    try {
      await run(claims, ctx);
      return NextResponse.json({ ok: true });
    } catch (e) {
      return jsonError(e);
    }
  };
}
