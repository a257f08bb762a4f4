"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { careTeamRoles } from "../identity/core/roles";
import { createPatient, updatePatient } from "./save-patient.server";
import { patientInputSchema } from "./schemas";
import { parseInput } from "@/lib/input";

export async function createPatientAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  const parsed = parseInput(patientInputSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  let id: string;
  try {
    ({ id } = await createPatient(actor, parsed.data, await getRequestContext()));
  } catch (e) {
    return failureState(e, values, "createPatient");
  }
  revalidatePath("/patients");
  redirect(`/patients/${id}?created=1`);
}

export async function updatePatientAction(patientId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  const idCheck = parseInput(z.string().uuid(), patientId);
  if (!idCheck.success) return { status: "error", message: "We could not find that patient." };
  const parsed = parseInput(patientInputSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await updatePatient(actor, idCheck.data, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "updatePatient");
  }
  revalidatePath(`/patients/${patientId}`);
  redirect(`/patients/${patientId}?saved=1`);
}
