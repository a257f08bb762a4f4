import { authenticateBearer, fhirRead, fhirResponse } from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";
import { getRequestContext } from "@/server/request-context";

/** FHIR read: GET /fhir/R4/<Type>/<id> with a SMART bearer token. */
export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ type: string; id: string }> }) => {
  const caller = await authenticateBearer(request.headers.get("authorization"));
  const { type, id } = await params;
  return fhirResponse(
    await fhirRead({ caller, type, id, accept: request.headers.get("accept"), ctx: await getRequestContext() }),
  );
});
