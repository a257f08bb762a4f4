import { authenticateBearer, fhirBulkDownload } from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";
import { getRequestContext } from "@/server/request-context";

/** One NDJSON file of a finished bulk export (`<Type>.ndjson`), streamed; the same client's token. */
export const GET = apiRoute(
  async (request: Request, { params }: { params: Promise<{ job: string; file: string }> }) => {
    const { job, file } = await params;
    return fhirBulkDownload({
      caller: await authenticateBearer(request.headers.get("authorization")),
      jobId: job,
      file,
      ctx: await getRequestContext(),
    });
  },
);
