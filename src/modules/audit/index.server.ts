import "server-only";

/**
 * The audit module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { AUDIT_EXPORT_MAX, exportAuditEvents, listAuditEvents, listAuditRecordTypes } from "./audit-log.server";
