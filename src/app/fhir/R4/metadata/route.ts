import { fhirMetadata, fhirResponse } from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";

/** The CapabilityStatement: public, as FHIR requires (docs/decisions/fhir-api.md). */
export const GET = apiRoute(async () => fhirResponse(fhirMetadata()));
