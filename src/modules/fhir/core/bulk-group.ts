import type { Group } from "@medplum/fhirtypes";
import { ref } from "./common";

/**
 * The Groups this server exposes (docs/decisions/fhir-bulk-export.md): the LTOT registry, whose
 * members are the care program's own rule (patients on long-term opioid therapy today). Read at
 * `Group/<id>` and exported at `Group/<id>/$export`.
 */
export const LTOT_GROUP_ID = "ltot-registry";
export const groupIds = [LTOT_GROUP_ID] as const;
export const isGroupId = (id: string) => (groupIds as readonly string[]).includes(id);

export function toLtotGroup(memberIds: readonly string[], now: Date): Group {
  return {
    resourceType: "Group",
    id: LTOT_GROUP_ID,
    meta: { lastUpdated: now.toISOString() },
    identifier: [{ system: "urn:virtual-pain-clinic:group", value: LTOT_GROUP_ID }],
    active: true,
    type: "person",
    actual: true,
    name: "LTOT registry: patients on long-term opioid therapy",
    quantity: memberIds.length,
    member: memberIds.map((id) => ({ entity: ref("Patient", id) })),
  };
}
