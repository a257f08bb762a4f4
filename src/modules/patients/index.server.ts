import "server-only";

/**
 * The patients module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { getPatient } from "./get-patient.server";
export { listClinicians } from "./list-clinicians.server";
export { listMyPatients } from "./list-my-patients.server";
export { searchPatients } from "./search-patients.server";
