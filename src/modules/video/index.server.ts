import "server-only";

/**
 * The video module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export {
  jsonError,
  noSeat,
  readJson,
  refuseRoom,
  roomClaims,
  seatedRoomAction,
  signedInRoomAction,
} from "./http.server";
export { type RoomCredential, joinRoom } from "./join-room.server";
export { admitParticipant, removeParticipant } from "./manage-participants.server";
export { leaveRoom } from "./leave-room.server";
export { endVideoVisit, fallBackToPhone, requestPhoneCall } from "./end-call.server";
export {
  type WaitingEntry,
  getGuestView,
  getRoomRoster,
  listWaiting,
  pendingFormsForVisit,
} from "./waiting-room.server";
export { checkSeat } from "./seat.server";
export { purgeSignals, sendSignal, whySendRefused } from "./signals.server";
export { roomEventStream } from "./stream.server";
export { videoVisitSubscriber } from "./roster.server";
