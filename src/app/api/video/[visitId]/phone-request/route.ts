import { apiRoute } from "@/server/api-route";
import { requestPhoneCall, seatedRoomAction } from "@/modules/video/index.server";

/** POST /api/video/<visitId>/phone-request - the patient asks to be called instead of video. */
export const POST = apiRoute(seatedRoomAction(requestPhoneCall));
