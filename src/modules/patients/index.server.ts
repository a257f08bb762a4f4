import "server-only";

/**
 * The patients module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { getPatient, listClinicians, listMyPatients, searchPatients } from "./patients.server";
