import { authenticateBearer, fhirBulkCancel, fhirBulkStatus } from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";
import { getRequestContext } from "@/server/request-context";

type Params = { params: Promise<{ job: string }> };

/** Bulk export status (the kick-off's Content-Location): 202 while running, 200 with the manifest. */
export const GET = apiRoute(async (request: Request, { params }: Params) =>
  fhirBulkStatus({
    caller: await authenticateBearer(request.headers.get("authorization")),
    jobId: (await params).job,
    ctx: await getRequestContext(),
  }),
);

/** Cancels the export and removes its files. */
export const DELETE = apiRoute(async (request: Request, { params }: Params) =>
  fhirBulkCancel({
    caller: await authenticateBearer(request.headers.get("authorization")),
    jobId: (await params).job,
    ctx: await getRequestContext(),
  }),
);
