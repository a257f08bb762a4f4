import type { CapabilityStatementRestResource } from "@medplum/fhirtypes";

/**
 * What bulk export adds to the CapabilityStatement (HL7 Bulk Data Access IG v2): the IG's
 * CapabilityStatement is instantiated, Patient gets the patient-level `export` operation, and
 * Group (read only, the LTOT registry) the group-level one.
 */
export const BULK_DATA_CAPABILITY = "http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data";
const OPERATIONS = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition";

export function withBulkExport(resources: CapabilityStatementRestResource[]): CapabilityStatementRestResource[] {
  const exportOp = (level: "patient" | "group") => ({
    name: "export",
    definition: `${OPERATIONS}/${level}-export`,
    documentation:
      "Bulk Data export (Prefer: respond-async): _type, _since, _outputFormat=application/fhir+ndjson; poll the Content-Location.",
  });
  return [
    ...resources.map((r) =>
      r.type === "Patient" ? { ...r, operation: [...(r.operation ?? []), exportOp("patient")] } : r,
    ),
    {
      type: "Group",
      interaction: [{ code: "read" }],
      documentation: "Group/ltot-registry: the patients on long-term opioid therapy today (members).",
      operation: [exportOp("group")],
    },
  ];
}
