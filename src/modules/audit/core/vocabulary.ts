/**
 * What the audit log holds, as one list each (docs/security-model.md#audit-trail): the record
 * types the code writes, the actions and the outcomes. The audit log's filters offer these (plus
 * any other record type the log already holds); tests/unit/audit-entity-types.test.ts fails when
 * a file in src/ writes a record type that is not in `auditEntityTypes`. Pure.
 */

/** Every entityType written to AuditEvent by src/ (writeAudit, writeRefusal, authorize, the SQL inserts). */
export const auditEntityTypes = [
  "AssessmentSettings",
  "AuditEvent",
  "AvailabilityException",
  "CareMeasures",
  "CarePlan",
  "CareProgramSetting",
  "ClinicianLicense",
  "ClinicianHours",
  "ConsentRecord",
  "ConsentText",
  "FhirAccessToken",
  "FhirApi",
  "FhirClient",
  "FhirExport",
  "FormRequest",
  "FormResponse",
  "LtotDecision",
  "LtotStatus",
  "InPersonEvaluation",
  "InstrumentTranslation",
  "Medication",
  "NaloxoneOffer",
  "NoteAddendum",
  "Patient",
  "PatientLink",
  "PdmpCheck",
  "PreVisitHuddle",
  "PreVisitUdtOrder",
  "Referral",
  "Registry",
  "ReminderMessage",
  "Resource",
  "ResourceRecommendation",
  "RiskHistoryEntry",
  "Route",
  "SafetyAlert",
  "Session",
  "Slot",
  "UdtOrder",
  "UdtSetting",
  "User",
  "VideoParticipant",
  "VideoRoom",
  "Visit",
  "VisitNote",
  "VisitType",
  "WorkerJob",
] as const;

/** The actions of src/server/audit.ts (AuditAction; audit-log.server.ts checks the two agree). */
export const auditActions = [
  "READ",
  "LIST",
  "CREATE",
  "UPDATE",
  "DELETE",
  "EXPORT",
  "LOGIN",
  "LOGOUT",
  "ACCESS",
] as const;
export type AuditActionCode = (typeof auditActions)[number];

export const auditOutcomes = ["SUCCESS", "DENIED", "FAILURE"] as const;

/** A record type as the log spells them (a model name): also the shape a filter value must have. */
export const ENTITY_TYPE_RE = /^[A-Za-z][A-Za-z0-9]{0,49}$/;

/**
 * The record types a filter offers: the code's list and whatever else the log holds (a type an
 * older version wrote), each once, sorted.
 */
export function offeredEntityTypes(inLog: readonly string[]): string[] {
  return [...new Set([...auditEntityTypes, ...inLog.filter((t) => ENTITY_TYPE_RE.test(t))])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
}
