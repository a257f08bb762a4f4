import { NextResponse } from "next/server";
import { switchedLocale } from "@/i18n/request-locale.server";
import { exportVisitIcs, patientOfVisit } from "@/modules/scheduling/index.server";
import { apiRoute, errorResponse, unauthenticated } from "@/server/api-route";
import { getApiActor } from "@/server/auth/actor";
import { errorCodes } from "@/server/errors";
import { isUuid } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

/** GET /api/visits/:id/ics - the visit's calendar file, for its patient and for staff. */
export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await getApiActor();
  const { id } = await params;
  if (!actor)
    return unauthenticated({
      entityType: "Visit",
      entityId: id.slice(0, 100),
      patientId: isUuid(id) ? await patientOfVisit(id) : null,
    });
  if (!isUuid(id)) return errorResponse(404, "NOT_FOUND", errorCodes.NOT_FOUND);
  // An AppError (NOT_FOUND for a visit outside the actor's scope) is answered by apiRoute.
  const { filename, body } = await exportVisitIcs(
    actor,
    id,
    await getRequestContext(),
    new Date(),
    switchedLocale(request),
  );
  return new NextResponse(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
