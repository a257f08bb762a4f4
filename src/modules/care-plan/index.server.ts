import "server-only";

/**
 * The care-plan module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { getCarePlan } from "./get-care-plan.server";
export { listActiveResources, listAllResources } from "./manage-resources.server";
export { listReferralsToSchedule } from "./list-referrals-to-schedule.server";
