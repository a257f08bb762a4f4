import { signedInRoomAction } from "@/modules/video/http.server";
import { admitParticipant } from "@/modules/video/room.server";
import { admitSchema } from "@/modules/video/schemas";
import { apiRoute } from "@/server/api-route";

/** POST /api/video/<visitId>/admit {participantId} - the clinician lets someone in from the waiting room (letting the patient in starts the visit). */
export const POST = apiRoute(signedInRoomAction(admitSchema, (actor, visitId, input, ctx) => admitParticipant(actor, visitId, input.participantId, ctx)));
