import { fieldErrors } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { exportAuditEvents } from "@/modules/audit/index.server";
import { auditFilterSchema, filterProblemSummary } from "@/modules/audit/core/filter";
import { apiRoute, unauthenticated, validationResponse } from "@/server/api-route";
import { authorize, getApiActor } from "@/server/auth/actor";
import { canIdentity } from "@/modules/identity/policy";
import { getRequestContext } from "@/server/request-context";

/**
 * GET /admin/audit/export?<the audit log's filters>: the filtered view as CSV (a download, so a
 * route handler and not the page). Same authorization and filters as the page; the export is
 * audited as an EXPORT. Bad filters: 400 with a message naming each field, nothing exported.
 */
export const GET = apiRoute(async (request: Request) => {
  const actor = await getApiActor();
  if (!actor) return unauthenticated({ entityType: "AuditEvent" });
  // Refuse other roles before looking at the filters (a 403, audited once), as the page does.
  await authorize(actor, canIdentity(actor.role, "audit.read"), { entityType: "AuditEvent", action: "LIST" });
  const parsed = parseInput(auditFilterSchema, Object.fromEntries(new URL(request.url).searchParams));
  const result = parsed.success
    ? await exportAuditEvents(actor, parsed.data, await getRequestContext())
    : { errors: fieldErrors(parsed.error) };
  if ("errors" in result) {
    return validationResponse(result.errors, filterProblemSummary(result.errors));
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(result.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${day}.csv"`,
      "Cache-Control": "no-store",
      "X-Export-Rows": String(result.rows),
      "X-Export-Truncated": result.truncated ? "1" : "0",
    },
  });
});
