import { apiRoute } from "@/server/api-route";
import { leaveRoom, seatedRoomAction } from "@/modules/video/index.server";

/** POST /api/video/<visitId>/leave - this tab leaves the room (sent on hang-up and on page close). */
export const POST = apiRoute(seatedRoomAction(leaveRoom));
