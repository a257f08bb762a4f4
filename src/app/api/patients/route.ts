import { NextResponse } from "next/server";
import { patientSearchSchema } from "@/modules/patients/schemas";
import { searchPatients } from "@/modules/patients/index.server";
import { fieldErrors } from "@/lib/forms";
import { apiRoute, unauthenticated, validationResponse } from "@/server/api-route";
import { getApiActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { parseInput } from "@/lib/input";

/**
 * GET /api/patients?q=&page= - patient search as JSON for machine callers (integrations, the
 * benchmark). Same authorization and audit as the Patients page.
 */
export const GET = apiRoute(async (request: Request) => {
  const actor = await getApiActor();
  if (!actor) return unauthenticated({ entityType: "Patient" });
  const url = new URL(request.url);
  const parsed = parseInput(patientSearchSchema, Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    return validationResponse(fieldErrors(parsed.error), "Check the query parameters.");
  }
  const result = await searchPatients(actor, parsed.data, await getRequestContext());
  return NextResponse.json(result, { headers: { "Cache-Control": "no-store" } });
});
