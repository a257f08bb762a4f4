import { signedInRoomAction, removeParticipant } from "@/modules/video/index.server";
import { removeSchema } from "@/modules/video/schemas";
import { apiRoute } from "@/server/api-route";

/** POST /api/video/<visitId>/remove {participantId} - the clinician takes someone out of the room (a guest's link stops working). */
export const POST = apiRoute(
  signedInRoomAction(removeSchema, (actor, visitId, input, ctx) =>
    removeParticipant(actor, visitId, input.participantId, ctx),
  ),
);
