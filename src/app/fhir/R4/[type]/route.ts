import { authenticateBearer, fhirResponse, fhirSearch } from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";
import { getRequestContext } from "@/server/request-context";

/** FHIR search: GET /fhir/R4/<Type>?... with a SMART bearer token. */
export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ type: string }> }) => {
  const caller = await authenticateBearer(request.headers.get("authorization"));
  const { type } = await params;
  const answer = await fhirSearch({
    caller,
    type,
    params: new URL(request.url).searchParams,
    ctx: await getRequestContext(),
  });
  return fhirResponse(answer);
});
