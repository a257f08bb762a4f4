import type { Bundle, OperationOutcome, Resource } from "@medplum/fhirtypes";

export type IssueCode = "invalid" | "not-found" | "forbidden" | "login" | "not-supported" | "exception" | "value";

export function operationOutcome(code: IssueCode, diagnostics: string, expression?: string): OperationOutcome {
  return {
    resourceType: "OperationOutcome",
    issue: [{ severity: "error", code, diagnostics, ...(expression ? { expression: [expression] } : {}) }],
  };
}

/**
 * A searchset Bundle: the page's matches with fullUrl, a self link and a next link when more
 * remain. `included` resources (_include) are marked mode "include".
 */
export function searchsetBundle(p: {
  baseUrl: string;
  selfUrl: string;
  nextUrl: string | null;
  matches: Resource[];
  included?: Resource[];
  total?: number;
}): Bundle {
  const entry = (r: Resource, mode: "match" | "include") => ({
    fullUrl: `${p.baseUrl}/${r.resourceType}/${r.id}`,
    resource: r,
    search: { mode },
  });
  return {
    resourceType: "Bundle",
    type: "searchset",
    ...(p.total !== undefined ? { total: p.total } : {}),
    link: [{ relation: "self", url: p.selfUrl }, ...(p.nextUrl ? [{ relation: "next", url: p.nextUrl }] : [])],
    entry: [...p.matches.map((r) => entry(r, "match")), ...(p.included ?? []).map((r) => entry(r, "include"))],
  };
}
