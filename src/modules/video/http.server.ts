import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { fieldErrors } from "@/lib/forms";
import { getApiActor } from "@/server/auth/actor";
import { getEnv } from "@/server/env";
import { isUuid } from "@/server/page-data";
import { getRequestContext, type RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { errorCodes, isAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { bearer, verifyRoomToken, type RoomClaims } from "./core/room-token";

/** Small helpers shared by the video room's route handlers (JSON in, JSON out). */
const statusOf = { VALIDATION: 400, CONFLICT: 409, NOT_FOUND: 404, FORBIDDEN: 403, UNAUTHENTICATED: 401, RATE_LIMITED: 429, INTERNAL: 500 } as const;

export function jsonError(e: unknown): NextResponse {
  if (isAppError(e)) return NextResponse.json({ error: e.message, code: e.code, fieldErrors: e.fieldErrors }, { status: statusOf[e.code] });
  throw e;
}

export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: NextResponse }> {
  let body: unknown;
  try {
    const text = await request.text();
    if (text.length > 64_000) return { ok: false, response: NextResponse.json({ error: "The message is too large." }, { status: 413 }) };
    body = text ? JSON.parse(text) : {};
  } catch {
    return { ok: false, response: NextResponse.json({ error: "Send a JSON body." }, { status: 400 }) };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, response: NextResponse.json({ error: errorCodes.VALIDATION, code: "VALIDATION", fieldErrors: fieldErrors(parsed.error) }, { status: 400 }) };
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

export function noSeat(): NextResponse {
  return NextResponse.json({ error: "You are not in this visit's room. Open your visit link again.", code: "UNAUTHENTICATED" }, { status: 401 });
}

/**
 * The room actions a signed-in clinician takes (admit, remove, end, switch to phone): session,
 * visit id, JSON body through its schema, then the room function, which authorizes. Wrap the
 * result in apiRoute in the route file.
 */
export function signedInRoomAction<S extends z.ZodType>(schema: S, run: (actor: Actor, visitId: string, input: z.infer<S>, ctx: RequestContext) => Promise<unknown>) {
  return async (request: Request, { params }: { params: Promise<{ visitId: string }> }): Promise<Response> => {
    const { visitId } = await params;
    const actor = await getApiActor();
    if (!actor) return NextResponse.json({ error: "Please sign in to continue.", code: "UNAUTHENTICATED" }, { status: 401 });
    if (!isUuid(visitId)) return NextResponse.json({ error: "No such visit." }, { status: 404 });
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
