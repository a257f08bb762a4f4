import { authenticateBearer, fhirHistory, fhirResponse } from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";
import { getRequestContext } from "@/server/request-context";

/** FHIR history: GET /fhir/R4/QuestionnaireResponse/<id>/_history (every correction). */
export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ type: string; id: string }> }) => {
  const caller = await authenticateBearer(request.headers.get("authorization"));
  const { type, id } = await params;
  return fhirResponse(await fhirHistory({ caller, type, id, ctx: await getRequestContext() }));
});
