import "server-only";

/**
 * The udt module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { listMedications } from "./medications.server";
export { escalateMissedWindows, getPatientUdtOverview, getUdtOrder, getUdtSettings, listMyUdtTests, listUdtQueue } from "./udt.server";
