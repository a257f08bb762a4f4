import { fhirBaseUrl, issueAccessToken } from "@/modules/fhir/index.server";
import { apiRoute } from "@/server/api-route";
import { getRequestContext } from "@/server/request-context";

/** SMART Backend Services token endpoint: a form-encoded client_credentials request with a signed JWT. */
export const POST = apiRoute(async (request: Request) => {
  const type = request.headers.get("content-type") ?? "";
  const form = type.startsWith("application/x-www-form-urlencoded")
    ? Object.fromEntries(new URLSearchParams(await request.text()))
    : {};
  const answer = await issueAccessToken(form, `${fhirBaseUrl()}/auth/token`, await getRequestContext());
  return Response.json(answer.body, { status: answer.status, headers: { Pragma: "no-cache" } });
});
