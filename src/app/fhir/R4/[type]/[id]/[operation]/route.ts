import { authenticateBearer, fhirBulkKickOff, fhirNotSupported } from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";
import { getRequestContext } from "@/server/request-context";

/** Instance operations: GET /fhir/R4/Group/<id>/$export (bulk export kick-off); any other is 404. */
export const GET = apiRoute(
  async (request: Request, { params }: { params: Promise<{ type: string; id: string; operation: string }> }) => {
    const { type, id, operation } = await params;
    if (operation !== "$export") return fhirNotSupported(`${type.slice(0, 60)}/<id>/${operation.slice(0, 60)}`);
    return fhirBulkKickOff({
      caller: await authenticateBearer(request.headers.get("authorization")),
      type,
      groupId: id,
      ctx: await getRequestContext(),
      accept: request.headers.get("accept"),
      prefer: request.headers.get("prefer"),
      params: new URL(request.url).searchParams,
    });
  },
);
