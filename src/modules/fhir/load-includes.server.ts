import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import type { ResourceType } from "./core/search";
import { loadPage } from "./load-resources.server";

/**
 * `_include` (docs/decisions/fhir-api.md): `<Type>:patient` adds the Patient of each match,
 * `DiagnosticReport:result` the report's Observations. One query per include, whatever the page
 * size; the caller checks the scope of each included type first (includeTargets).
 */
export const includeTarget = (include: string): ResourceType =>
  include === "DiagnosticReport:result" ? "Observation" : "Patient";

const refIds = (refs: (string | undefined)[], type: string) => [
  ...new Set(refs.filter((r): r is string => !!r?.startsWith(`${type}/`)).map((r) => r.slice(type.length + 1))),
];

export async function loadIncludes(includes: string[], matches: Resource[], baseUrl: string): Promise<Resource[]> {
  const out: Resource[] = [];
  for (const inc of includes) {
    const ids =
      inc === "DiagnosticReport:result"
        ? refIds(
            matches
              .flatMap((m) => (m.resourceType === "DiagnosticReport" ? (m.result ?? []) : []))
              .map((r) => r.reference),
            "Observation",
          )
        : refIds(
            matches.map((m) => (m as { subject?: { reference?: string } }).subject?.reference),
            "Patient",
          );
    if (ids.length === 0) continue;
    const target = includeTarget(inc);
    const { matches: found } = await loadPage(
      target,
      { ids, tokens: {}, dates: {}, count: ids.length, offset: 0 },
      baseUrl,
    );
    for (const r of found) if (!out.some((o) => o.resourceType === r.resourceType && o.id === r.id)) out.push(r);
  }
  return out;
}
