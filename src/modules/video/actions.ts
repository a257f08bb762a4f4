"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formDataToObject, validationFailure } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { careTeamRoles } from "../identity/core/roles";
import type { VisitFormState } from "../scheduling/form-state";
import { inviteGuest } from "./manage-participants.server";
import { inviteSchema } from "./schemas";

const idSchema = z.uuid();

/** Invite a caregiver or interpreter: their own link (reusable by them until the visit ends), shown once to copy and send. */
export async function inviteGuestAction(
  visitId: string,
  _prev: VisitFormState,
  formData: FormData,
): Promise<VisitFormState> {
  const actor = await requireActor(careTeamRoles);
  if (!parseInput(idSchema, visitId).success) return { status: "error", message: "We could not find that visit." };
  const values = formDataToObject(formData);
  const parsed = parseInput(inviteSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    const link = await inviteGuest(actor, visitId, parsed.data, await getRequestContext());
    revalidatePath(`/visits/${visitId}`);
    return {
      status: "success",
      message: `Invitation made for ${parsed.data.displayName}. Copy the link now and send it to them: it is shown only once and works until the visit's room closes. You let them in from the waiting room.`,
      joinUrl: link.url,
      joinExpiresAt: link.expiresAt,
    };
  } catch (e) {
    return failureState(e, values, "inviteGuest");
  }
}
