import { signedInRoomAction, fallBackToPhone } from "@/modules/video/index.server";
import { phoneFallbackSchema } from "@/modules/video/schemas";
import { apiRoute } from "@/server/api-route";

/** POST /api/video/<visitId>/phone {reason, detail?, phoneNumber?} - fall back to a phone call: records why, closes the room, returns the number to call. */
export const POST = apiRoute(
  signedInRoomAction(phoneFallbackSchema, (actor, visitId, input, ctx) => fallBackToPhone(actor, visitId, input, ctx)),
);
