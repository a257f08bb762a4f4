/**
 * FHIR Bulk Data export, the pure parts (HL7 Bulk Data Access IG v2.0.0; docs/decisions/fhir-bulk-export.md):
 * which types can be exported, the kick-off's headers and parameters, the worker's next step,
 * the status answer and the completion manifest. No database, no framework.
 */
import type { Resource } from "@medplum/fhirtypes";
import { permits } from "./scopes";
import { resourceDefs, resourceTypes, type ResourceType } from "./search";

/**
 * The types an export writes: Patient and every type of the patient compartment (a type whose
 * searches are per patient in search.ts). A type added there flows in here with nothing else to
 * change; the loader (load-resources.server.ts) is the one the search API uses.
 */
export const exportTypes: ResourceType[] = resourceTypes.filter((t) => t === "Patient" || resourceDefs[t].needsPatient);

/** NDJSON, as the IG names it and its accepted abbreviations. */
export const NDJSON = "application/fhir+ndjson";
const ndjsonAliases = new Set([NDJSON, "application/ndjson", "ndjson"]);
/** Parameters the IG defines that this server does not implement (refused, or ignored when lenient). */
const unsupportedParams = new Set([
  "_elements",
  "patient",
  "includeAssociatedData",
  "_typeFilter",
  "organizeOutputBy",
  "allowPartialManifests",
]);

export type ExportLevel = { level: "Patient" } | { level: "Group"; groupId: string };
export type KickOff = { types: ResourceType[]; since: Date | null };
export type KickOffRefusal = { status: 400 | 403; code: "invalid" | "forbidden"; message: string; param?: string };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** A FHIR instant (seconds and a zone required), or null. */
export function parseInstant(v: string): Date | null {
  if (!INSTANT.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Whether a header lists a value (comma separated, parameters after ";" ignored, any case). */
const headerHas = (header: string | null, value: string) =>
  (header ?? "")
    .split(",")
    .map((p) => p.split(";")[0]!.trim().toLowerCase())
    .includes(value);

/**
 * Checks a kick-off request: `Accept: application/fhir+json` and `Prefer: respond-async` (both
 * required by the IG), `_outputFormat` (NDJSON only), `_type` (a comma list, repeatable, of
 * exportTypes), `_since` (an instant, not in the future). Without `_type` the export covers the
 * export types the scopes allow; with it, each named type needs a read scope (403 otherwise).
 * Unknown or unsupported parameters are refused unless `Prefer: handling=lenient`.
 */
export function parseKickOff(p: {
  accept: string | null;
  prefer: string | null;
  params: URLSearchParams;
  scopes: string[];
  now: Date;
}): { ok: true; value: KickOff } | ({ ok: false } & KickOffRefusal) {
  const bad = (message: string, param?: string) =>
    ({ ok: false, status: 400, code: "invalid", message, ...(param ? { param } : {}) }) as const;
  if (!headerHas(p.prefer, "respond-async")) return bad("Prefer: the header must be respond-async", "Prefer");
  if (!headerHas(p.accept, "application/fhir+json"))
    return bad("Accept: the header must be application/fhir+json", "Accept");
  const lenient = headerHas(p.prefer, "handling=lenient");
  let named: string[] | null = null;
  let since: Date | null = null;
  for (const [name, value] of p.params) {
    if (name === "_outputFormat") {
      if (!ndjsonAliases.has(value)) return bad(`_outputFormat: only ${NDJSON} is supported`, "_outputFormat");
    } else if (name === "_type") {
      const list = value.split(",").map((s) => s.trim());
      const unknown = list.find((t) => !(exportTypes as string[]).includes(t));
      if (unknown !== undefined)
        return bad(
          `_type: ${unknown.slice(0, 60) || "(empty)"} is not an exported type (${exportTypes.join(", ")})`,
          "_type",
        );
      named = [...(named ?? []), ...list];
    } else if (name === "_since") {
      since = parseInstant(value);
      if (!since) return bad("_since: must be a FHIR instant, e.g. 2026-01-01T00:00:00Z", "_since");
      if (since.getTime() > p.now.getTime()) return bad("_since: must not be in the future", "_since");
    } else if (!lenient) {
      const why = unsupportedParams.has(name) ? "is not supported by this server" : "is not a parameter of $export";
      return bad(`${name.slice(0, 60)}: ${why}`, name.slice(0, 60));
    }
  }
  if (named) {
    const denied = named.find((t) => !permits(p.scopes, t, "read"));
    if (denied)
      return {
        ok: false,
        status: 403,
        code: "forbidden",
        message: `The token's scopes do not allow read on ${denied}`,
        param: "_type",
      };
    return { ok: true, value: { types: exportTypes.filter((t) => named!.includes(t)), since } };
  }
  const types = exportTypes.filter((t) => permits(p.scopes, t, "read"));
  if (types.length === 0)
    return { ok: false, status: 403, code: "forbidden", message: "The token's scopes allow read on no exported type" };
  return { ok: true, value: { types, since } };
}

/** What the worker does next with a claimed job. */
export type JobStep = "plan" | "chunk" | "complete";
export function nextStep(job: { planned: boolean; patientsDone: number; patientsTotal: number }): JobStep {
  if (!job.planned) return "plan";
  return job.patientsDone < job.patientsTotal ? "chunk" : "complete";
}

/** Whether another runner's claim on a job has lapsed (its heartbeat is older than staleMs). */
export function claimLapsed(
  job: { runnerId: string | null; heartbeatAt: Date | null },
  me: string,
  now: Date,
  staleMs: number,
) {
  return (
    job.runnerId === null ||
    job.runnerId === me ||
    !job.heartbeatAt ||
    now.getTime() - job.heartbeatAt.getTime() > staleMs
  );
}

/** The `X-Progress` header while a job runs (the IG leaves its text to the server). */
export function progressText(job: { planned: boolean; patientsDone: number; patientsTotal: number }): string {
  if (!job.planned) return "listing patients";
  const pct = job.patientsTotal === 0 ? 100 : Math.floor((100 * job.patientsDone) / job.patientsTotal);
  return `${pct}% (${job.patientsDone} of ${job.patientsTotal} patients)`;
}

export type JobView = {
  status: "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED";
  planned: boolean;
  patientsDone: number;
  patientsTotal: number;
  expiresAt: Date | null;
};
/** How a status request is answered, before any body is built. */
export type StatusKind = "in-progress" | "complete" | "failed" | "expired";
export function statusKind(job: JobView, now: Date): StatusKind {
  if (job.expiresAt && job.expiresAt.getTime() <= now.getTime()) return "expired";
  if (job.status === "COMPLETED") return "complete";
  if (job.status === "FAILED") return "failed";
  return "in-progress";
}

/** An output file's name in its URL, and back: `<Type>.ndjson`. */
export const outputFileName = (type: string) => `${type}.ndjson`;
export function typeOfFileName(name: string, types: readonly string[]): string | null {
  const m = /^([A-Za-z]{1,64})\.ndjson$/.exec(name);
  return m && types.includes(m[1]!) ? m[1]! : null;
}

export type BulkManifest = {
  transactionTime: string;
  request: string;
  requiresAccessToken: true;
  output: { type: string; url: string; count: number }[];
  error: { type: string; url: string; count: number }[];
};

/**
 * The completion manifest: one output per type that has lines, in the job's type order (a type
 * without a resource gets no file, as the IG allows); `requiresAccessToken` because each file
 * needs the same client's bearer token.
 */
export function buildManifest(p: {
  transactionTime: Date;
  requestUrl: string;
  statusUrl: string;
  types: readonly string[];
  counts: ReadonlyMap<string, number>;
}): BulkManifest {
  return {
    transactionTime: p.transactionTime.toISOString(),
    request: p.requestUrl,
    requiresAccessToken: true,
    output: p.types
      .filter((t) => (p.counts.get(t) ?? 0) > 0)
      .map((type) => ({ type, url: `${p.statusUrl}/${outputFileName(type)}`, count: p.counts.get(type)! })),
    error: [],
  };
}

/** Resources as NDJSON: one JSON object per line, each line ending in "\n". */
export const toNdjson = (resources: readonly Resource[]): string =>
  resources.map((r) => JSON.stringify(r)).join("\n") + (resources.length ? "\n" : "");

/** The patients whose data a set of resources holds (each gets an audit row). */
export function patientIdsOf(resources: readonly Resource[]): string[] {
  const ids = new Set<string>();
  for (const r of resources) {
    if (r.resourceType === "Patient") ids.add(r.id!);
    const x = r as {
      subject?: { reference?: string };
      patient?: { reference?: string };
      participant?: { actor?: { reference?: string } }[];
    };
    const refs = [x.subject?.reference, x.patient?.reference, ...(x.participant ?? []).map((p) => p.actor?.reference)];
    for (const ref of refs) if (ref?.startsWith("Patient/")) ids.add(ref.slice("Patient/".length));
  }
  return [...ids];
}

/** Splits ids into chunks of at most `size` (the worker's unit of work and of one transaction). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new Error("chunk size must be at least 1");
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
