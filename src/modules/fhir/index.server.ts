import "server-only";

/**
 * The FHIR module's public server surface (docs/decisions/fhir-api.md): the FHIR R4 read/search
 * API, its SMART Backend Services token endpoint, and the admins' client registry.
 */
export { issueAccessToken } from "./issue-access-token.server";
export { listFhirClients, registerFhirClient, revokeFhirClient, type FhirClientDto } from "./manage-clients.server";
export {
  authenticateBearer,
  fhirBaseUrl,
  fhirMetadata,
  fhirRead,
  fhirResponse,
  fhirSearch,
  fhirSmartConfiguration,
} from "./serve-fhir.server";
export { fhirHistory } from "./read-history.server";
// Bulk Data export (docs/decisions/fhir-bulk-export.md): HTTP half and the worker's half.
export {
  fhirBulkCancel,
  fhirBulkDownload,
  fhirBulkKickOff,
  fhirBulkStatus,
  fhirGroupRead,
  fhirNotSupported,
} from "./bulk-serve.server";
export { runBulkExports } from "./bulk-run.server";
