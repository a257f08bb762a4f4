import "server-only";

/**
 * The udt module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { listMedications } from "./medications.server";
export { createUdtOrderInTx } from "./create-udt-order.server";
export { escalateMissedWindows } from "./escalate-missed-windows.server";
export { listMyUdtTests } from "./my-udt-tests.server";
export { getPatientUdtOverview, getUdtOrder } from "./udt-orders.server";
export { listUdtQueue } from "./udt-queue.server";
export { getUdtSettings } from "./udt-settings.server";
