import { authenticateBearer, fhirHistory, fhirResponse } from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";
import { getRequestContext } from "@/server/request-context";

/** FHIR vread: GET /fhir/R4/QuestionnaireResponse/<id>/_history/<version>. */
export const GET = apiRoute(
  async (request: Request, { params }: { params: Promise<{ type: string; id: string; vid: string }> }) => {
    const caller = await authenticateBearer(request.headers.get("authorization"));
    const { type, id, vid } = await params;
    return fhirResponse(await fhirHistory({ caller, type, id, vid, ctx: await getRequestContext() }));
  },
);
