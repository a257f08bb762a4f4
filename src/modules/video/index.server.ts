import "server-only";

/**
 * The video module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { jsonError, noSeat, readJson, refuseRoom, roomClaims, signedInRoomAction } from "./http.server";
export { type RoomCredential, type WaitingEntry, admitParticipant, endVideoVisit, fallBackToPhone, getGuestView, getRoomRoster, joinRoom, leaveRoom, listWaiting, pendingFormsForVisit, removeParticipant, requestPhoneCall } from "./room.server";
export { checkSeat } from "./seat.server";
export { purgeSignals, sendSignal, whySendRefused } from "./signals.server";
export { roomEventStream } from "./stream.server";
export { videoVisitSubscriber } from "./roster.server";
