import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Bundle, DocumentReference, Resource } from "@medplum/fhirtypes";
import { seedDemo } from "@/cli/lib/seed-demo";
import { resourceDefs, resourceTypes } from "@/modules/fhir/core/search";
import { registerFhirClient } from "@/modules/fhir/index.server";
import { db } from "@/server/db";
import { actorFor, ctx, makeUser } from "../factories";
import { fhirJson, makeKey, requestToken } from "../factories/fhir-client";
import { fhirIssues, loadFhirValidator } from "../factories/fhir-validator";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * Every resource the API returns for the whole demo data set (src/cli/lib/seed-demo.ts), every
 * type and every page, with the includes, passes FHIR R4 structure validation with 0 errors
 * (docs/decisions/fhir-api.md, "Validation in tests").
 */
let token: string;
let patients: string[];

beforeAll(async () => {
  await seedDemo(process.env.DATABASE_URL!);
  await loadFhirValidator();
  const admin = actorFor(await makeUser("ADMIN"));
  const key = await makeKey("ES384", "demo-1");
  const { id } = await registerFhirClient(
    admin,
    { name: "Demo EHR", jwks: JSON.stringify({ keys: [key.jwk] }), scopes: ["system/*.rs"] },
    ctx(),
  );
  token = await requestToken(id, key);
  patients = (await db.patient.findMany({ where: { isDemo: true }, select: { id: true } })).map((p) => p.id);
}, 180_000);

async function all(path: string): Promise<Resource[]> {
  const out: Resource[] = [];
  let url: string | undefined = path;
  while (url) {
    const r = await fhirJson(url, token);
    expect(r.status, `${url}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
    out.push(...((r.body as Bundle).entry ?? []).map((e) => e.resource!));
    url = (r.body as Bundle).link?.find((l) => l.relation === "next")?.url;
  }
  return out;
}

describe("the demo data set as FHIR", () => {
  it("every resource of every type, with its includes, is valid FHIR R4", async () => {
    expect(patients.length).toBeGreaterThan(0);
    const seen = new Map<string, number>();
    const ids = patients.join(",");
    for (const type of resourceTypes) {
      const def = resourceDefs[type];
      if ("readOnly" in def) continue;
      const includes = ("includes" in def ? def.includes : []) as readonly string[];
      const query = [
        def.needsPatient ? `patient=${ids}` : "",
        "_count=200",
        ...includes.map((i) => `_include=${i}`),
      ].filter(Boolean);
      const found = await all(`${type}?${query.join("&")}`);
      for (const r of found) {
        seen.set(r.resourceType, (seen.get(r.resourceType) ?? 0) + 1);
        expect(await fhirIssues(r), `${r.resourceType}/${r.id}`).toEqual([]);
      }
      // The Binary behind each note (the first few: each renders its PDF).
      for (const d of found.filter((r): r is DocumentReference => r.resourceType === "DocumentReference").slice(0, 3)) {
        const bin = await fhirJson(d.content[0]!.attachment.url!, token);
        expect(bin.status).toBe(200);
        expect(await fhirIssues(bin.body)).toEqual([]);
        seen.set("Binary", (seen.get("Binary") ?? 0) + 1);
      }
    }
    // The demo data reaches most types; the counts are in the failure message if one is missing.
    const counts = JSON.stringify(Object.fromEntries(seen));
    for (const t of ["Patient", "Practitioner", "Questionnaire", "QuestionnaireResponse", "Observation", "Appointment"])
      expect(seen.get(t) ?? 0, `${t} in ${counts}`).toBeGreaterThan(0);
    console.log(`demo data as FHIR: ${counts}`);
  }, 300_000);
});
