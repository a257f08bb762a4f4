import "server-only";

/**
 * The visit-notes module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { renderNotePdf } from "./note-pdf.server";
export { getVisitNote } from "./get-visit-note.server";
export { signedNotePdfUnaudited } from "./signed-note-pdf.server";
export { toLocalInput } from "./note-facts.server";
