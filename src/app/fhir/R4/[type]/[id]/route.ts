import {
  authenticateBearer,
  fhirBulkKickOff,
  fhirGroupRead,
  fhirRead,
  fhirResponse,
} from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";
import { getRequestContext } from "@/server/request-context";

/** FHIR read: GET /fhir/R4/<Type>/<id> with a SMART bearer token; also Patient/$export and Group/<id>. */
export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ type: string; id: string }> }) => {
  const caller = await authenticateBearer(request.headers.get("authorization"));
  const { type, id } = await params;
  const ctx = await getRequestContext();
  if (id === "$export")
    return fhirBulkKickOff({
      caller,
      type,
      ctx,
      accept: request.headers.get("accept"),
      prefer: request.headers.get("prefer"),
      params: new URL(request.url).searchParams,
    });
  if (type === "Group") return fhirGroupRead({ caller, id, ctx });
  return fhirResponse(await fhirRead({ caller, type, id, accept: request.headers.get("accept"), ctx }));
});
