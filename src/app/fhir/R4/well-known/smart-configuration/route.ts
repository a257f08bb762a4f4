import { fhirSmartConfiguration } from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";

/** SMART configuration: where and how a backend service gets a token (public). */
export const GET = apiRoute(async () => Response.json(fhirSmartConfiguration()));
