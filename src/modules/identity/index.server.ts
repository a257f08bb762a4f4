import "server-only";

/**
 * The identity module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { lookupPatientForLinking } from "./patient-link.server";
export { isUserSessionLive, liveUserSessionSql } from "./session-liveness.server";
export { getUser, listUsers, userNamesById } from "./list-users.server";
