import type { CapabilityStatement, CapabilityStatementRestResource } from "@medplum/fhirtypes";
import { BULK_DATA_CAPABILITY, withBulkExport } from "./bulk-capability";
import { profiles, US_CORE } from "./common";
import { resourceDefs, resourceTypes, resultParams, type ParamDef, type ResourceType } from "./search";

const profileOf: Partial<Record<ResourceType, string[]>> = {
  Patient: [profiles.patient],
  Practitioner: [profiles.practitioner],
  QuestionnaireResponse: [profiles.questionnaireResponse],
  Observation: [profiles.screeningAssessment, `${US_CORE}/us-core-observation-lab`],
  Encounter: [`${US_CORE}/us-core-encounter`],
  ServiceRequest: [`${US_CORE}/us-core-servicerequest`],
  DiagnosticReport: [`${US_CORE}/us-core-diagnosticreport-lab`],
  DocumentReference: [`${US_CORE}/us-core-documentreference`],
};

/** The scopes a client may be registered with: read+search per implemented type, and all. */
export const registrableScopes = ["system/*.rs", ...resourceTypes.map((t) => `system/${t}.rs`), "system/Group.rs"];

/** The SMART configuration document (/.well-known/smart-configuration) for Backend Services. */
export function smartConfiguration(baseUrl: string) {
  return {
    token_endpoint: `${baseUrl}/auth/token`,
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: ["RS384", "ES384"],
    scopes_supported: registrableScopes,
    capabilities: ["client-confidential-asymmetric", "permission-v1", "permission-v2"],
  };
}

/** Exactly what this server implements: read and search on the types in search.ts, nothing else. */
export function capabilityStatement(baseUrl: string, now: Date): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = resourceTypes.map((type) => {
    const def = resourceDefs[type];
    return {
      type,
      ...(profileOf[type] ? { supportedProfile: profileOf[type] } : {}),
      interaction: [
        { code: "read" },
        ...("versioned" in def ? [{ code: "vread" as const }, { code: "history-instance" as const }] : []),
        ...("readOnly" in def ? [] : [{ code: "search-type" as const }]),
      ],
      ...("readOnly" in def
        ? { documentation: "Read by id (a DocumentReference's attachment URL); Accept: application/pdf gives the PDF." }
        : def.needsPatient
          ? { documentation: "Searches need patient or _id." }
          : {}),
      ...("includes" in def ? { searchInclude: [...def.includes] } : {}),
      ...(def.params.length
        ? { searchParam: def.params.map((p: ParamDef) => ({ name: p.name, type: p.type, documentation: p.doc })) }
        : {}),
    };
  });
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: now.toISOString(),
    kind: "instance",
    instantiates: [BULK_DATA_CAPABILITY],
    software: { name: "Virtual Pain Clinic FHIR API" },
    implementation: { description: "Read-only FHIR R4 API (a subset of US Core)", url: baseUrl },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json", "json"],
    rest: [
      {
        mode: "server",
        documentation: `Paging: ${resultParams.join(", ")}. Errors are OperationOutcome.`,
        security: {
          service: [
            {
              coding: [
                { system: "http://terminology.hl7.org/CodeSystem/restful-security-service", code: "SMART-on-FHIR" },
              ],
            },
          ],
          extension: [
            {
              url: "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
              extension: [{ url: "token", valueUri: `${baseUrl}/auth/token` }],
            },
          ],
          description: "SMART Backend Services: client_credentials with a signed JWT (RS384 or ES384).",
        },
        resource: withBulkExport(resource),
      },
    ],
  };
}
