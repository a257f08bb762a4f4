"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { ltotDecisionSchema } from "./schemas";
import { recordLtotDecision } from "./server/ltot-decisions.server";

const uuid = z.string().uuid();
const notFound: FormState = { status: "error", message: "We could not find that patient." };
const done = { INCLUDE: "included", EXCLUDE: "excluded", CLEAR: "cleared" } as const;

/** The chart's registry decision (include / exclude with a reason / clear). Clinicians only. */
export async function recordLtotDecisionAction(
  patientId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, patientId).success) return notFound;
  const parsed = parseInput(ltotDecisionSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await recordLtotDecision(actor, patientId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "recordLtotDecision");
  }
  revalidatePath(`/patients/${patientId}`);
  redirect(`/patients/${patientId}?registry=${done[parsed.data.kind]}#registry-h`);
}
