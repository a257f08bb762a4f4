import { startChoiceFromJson } from "@/modules/consent/schemas";
import { signedInRoomAction, admitParticipant } from "@/modules/video/index.server";
import { admitSchema } from "@/modules/video/schemas";
import { apiRoute } from "@/server/api-route";

/**
 * POST /api/video/<visitId>/admit {participantId, consent?} - the clinician lets someone in from
 * the waiting room. Letting the patient in starts the visit, which needs consent: on file, or
 * `consent: {method: "verbal", textId, agreed: true}` / `{method: "emergency", reason}`.
 * Without it: 409 {code: "CONSENT_REQUIRED", consent: {kind, state}}.
 */
export const POST = apiRoute(
  signedInRoomAction(admitSchema, (actor, visitId, input, ctx) =>
    admitParticipant(actor, visitId, input.participantId, ctx, { consent: startChoiceFromJson(input.consent) }),
  ),
);
