import { fieldErrors } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { exportMeasuresCsv } from "@/modules/care-measures/index.server";
import { canMeasures } from "@/modules/care-measures/policy";
import { measuresFilterSchema } from "@/modules/care-measures/schemas";
import { apiRoute, unauthenticated, validationResponse } from "@/server/api-route";
import { authorize, getApiActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";

/**
 * GET /measures/export[?clinician=<id>]: the dashboard's figures as CSV (per month per measure:
 * numerator, denominator, percent; no patient identifiers), audited as an EXPORT. Bad filter:
 * 400 naming the field, nothing read.
 */
export const GET = apiRoute(async (request: Request) => {
  const actor = await getApiActor();
  if (!actor) return unauthenticated({ entityType: "CareMeasures" });
  await authorize(actor, canMeasures(actor.role, "measures.export"), { entityType: "CareMeasures", action: "LIST" });
  const parsed = parseInput(measuresFilterSchema, Object.fromEntries(new URL(request.url).searchParams));
  const result = parsed.success
    ? await exportMeasuresCsv(actor, parsed.data, await getRequestContext())
    : { errors: fieldErrors(parsed.error) };
  if ("errors" in result) {
    return validationResponse(result.errors, Object.values(result.errors).flat().join(" "));
  }
  return new Response(result.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${result.filename}"`,
      "Cache-Control": "no-store",
      "X-Export-Rows": String(result.rows),
    },
  });
});
