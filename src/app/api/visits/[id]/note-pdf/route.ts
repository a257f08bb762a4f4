import { renderNotePdf, getVisitNote } from "@/modules/visit-notes/index.server";
import { patientOfVisit } from "@/modules/scheduling/index.server";
import { apiRoute, errorResponse, unauthenticated } from "@/server/api-route";
import { writeAudit } from "@/server/audit";
import { getApiActor } from "@/server/auth/actor";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

/** GET: a signed note as PDF. Same authorization as the page; the export is audited. */
export const GET = apiRoute(async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await getApiActor();
  const { id } = await params;
  if (!actor)
    return unauthenticated({
      entityType: "VisitNote",
      entityId: id.slice(0, 100),
      patientId: isUuid(id) ? await patientOfVisit(id) : null,
    });
  if (!isUuid(id)) return errorResponse(404, "NOT_FOUND", "No such visit.");
  const ctx = await getRequestContext();
  try {
    const view = await getVisitNote(actor, id, ctx);
    if (view.note.status !== "SIGNED") return errorResponse(409, "CONFLICT", "Only signed notes can be exported.");
    const pdf = await renderNotePdf(view);
    await writeAudit({
      actor: { userId: actor.userId, role: actor.role },
      action: "EXPORT",
      entityType: "VisitNote",
      entityId: id,
      patientId: view.visit.patientId,
      outcome: "SUCCESS",
      ctx,
      details: { format: "pdf" },
    });
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="visit-note-${view.visit.mrn}-${view.visit.startsAt.slice(0, 10)}.pdf"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return errorResponse(404, "NOT_FOUND", "No such visit.");
    throw e;
  }
});
