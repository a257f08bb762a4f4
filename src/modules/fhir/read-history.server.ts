import "server-only";
import { loadResponseVersions } from "./load-response-versions.server";
import type { ResourceType } from "./core/search";
import { auditRead, badInput, fail, fhirBaseUrl, gate, type FhirAnswer, type Request } from "./serve-fhir.server";

/**
 * `_history` of a QuestionnaireResponse (every correction, newest first, as a history Bundle), or
 * one version of it (`_history/<vid>`). Other types keep no versions here: 404 not-supported.
 */
export async function fhirHistory(r: Request & { id: string; vid?: string }): Promise<FhirAnswer> {
  const bad = badInput(r);
  if (bad) return bad;
  const refused = await gate(r, "read", r.id.slice(0, 100));
  if (refused) return refused;
  const type = r.type as ResourceType;
  if (type !== "QuestionnaireResponse") return fail(404, "not-supported", `${type} has no version history here`);
  const base = fhirBaseUrl();
  const versions = await loadResponseVersions(r.id, base);
  if (versions.length === 0) return fail(404, "not-found", `${type}/${r.id} was not found`);
  if (r.vid !== undefined) {
    const one = versions.find((v) => v.meta?.versionId === r.vid);
    if (!one) return fail(404, "not-found", `${type}/${r.id}/_history/${r.vid.slice(0, 20)} was not found`);
    await auditRead({ ...r, type }, "READ", [one], { id: r.id, version: r.vid });
    return { status: 200, body: one };
  }
  await auditRead({ ...r, type }, "READ", versions.slice(0, 1), { id: r.id, versions: versions.length });
  return {
    status: 200,
    body: {
      resourceType: "Bundle",
      type: "history",
      total: versions.length,
      link: [{ relation: "self", url: `${base}/${type}/${r.id}/_history` }],
      entry: versions.map((v) => ({
        fullUrl: `${base}/${type}/${r.id}`,
        resource: v,
        request: { method: v.meta?.versionId === "1" ? ("POST" as const) : ("PUT" as const), url: `${type}/${r.id}` },
        response: { status: "200", lastModified: v.meta?.lastUpdated },
      })),
    },
  };
}
