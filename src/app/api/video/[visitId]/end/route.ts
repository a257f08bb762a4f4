import { signedInRoomAction, endVideoVisit } from "@/modules/video/index.server";
import { endSchema } from "@/modules/video/schemas";
import { apiRoute } from "@/server/api-route";

/** POST /api/video/<visitId>/end {} - the clinician ends the call: the visit is completed with its end time. */
export const POST = apiRoute(
  signedInRoomAction(endSchema, (actor, visitId, _input, ctx) => endVideoVisit(actor, visitId, ctx)),
);
