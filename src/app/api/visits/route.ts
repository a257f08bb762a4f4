import { NextResponse } from "next/server";
import { fieldErrors } from "@/lib/forms";
import { bookVisitApiSchema } from "@/modules/scheduling/schemas";
import { bookVisit, SlotTakenError } from "@/modules/scheduling/index.server";
import { canSchedule } from "@/modules/scheduling/policy";
import { apiRoute, errorResponse, unauthenticated, validationResponse } from "@/server/api-route";
import { denyAccess, getApiActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { parseInput } from "@/lib/input";

/**
 * POST /api/visits - book a visit (JSON), for integrations and the booking benchmark. Same
 * session, validation, transaction and audit as the booking form. Cross-site requests are refused
 * by apiRoute. 201 booked (200 on an idempotent replay), 400 invalid, 409 slot taken (with the
 * next free slots), 401/403.
 */
export const POST = apiRoute(async (request: Request) => {
  const actor = await getApiActor();
  if (!actor) return unauthenticated({ entityType: "Visit" });
  if (!canSchedule(actor.role, "visit.book")) await denyAccess(actor, { entityType: "Visit", action: "CREATE" });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return errorResponse(400, "VALIDATION", "Send a JSON body.");
  }
  const parsed = parseInput(bookVisitApiSchema, body);
  if (!parsed.success) return validationResponse(fieldErrors(parsed.error));
  try {
    const r = await bookVisit(actor, parsed.data, await getRequestContext());
    return NextResponse.json(r, { status: r.replayed ? 200 : 201 });
  } catch (e) {
    if (e instanceof SlotTakenError) return errorResponse(409, "SLOT_TAKEN", e.message, { nextSlots: e.nextSlots });
    // Every other AppError (a denial, bad input, a conflict) is answered by apiRoute.
    throw e;
  }
});
