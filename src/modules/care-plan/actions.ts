"use server";

import { revalidatePath } from "next/cache";
import { asFormData, formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { advanceReferral } from "./advance-referral.server";
import { answerResourceFeedback } from "./answer-resource-feedback.server";
import { createReferral } from "./create-referral.server";
import { addResource, setResourceActive } from "./manage-resources.server";
import { recommendResource } from "./recommend-resource.server";
import {
  advanceReferralSchema,
  createReferralSchema,
  recommendResourceSchema,
  resourceFeedbackSchema,
  resourceInputSchema,
} from "./schemas";
import { parseInput } from "@/lib/input";

export async function createReferralAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(createReferralSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await createReferral(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "createReferral");
  }
  revalidatePath(`/patients/${parsed.data.patientId}`);
  return { status: "success", message: "Referral recorded. The care coordinator will schedule it." };
}

export async function advanceReferralAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN", "COORDINATOR"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(advanceReferralSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await advanceReferral(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "advanceReferral");
  }
  revalidatePath("/", "layout");
  return { status: "success", message: "Referral updated." };
}

export async function recommendResourceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(recommendResourceSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await recommendResource(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "recommendResource");
  }
  revalidatePath(`/patients/${parsed.data.patientId}`);
  return { status: "success", message: "Recommended. The patient sees it in their portal." };
}

export async function resourceFeedbackAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["PATIENT"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(resourceFeedbackSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values, "Please answer the questions.");
  try {
    await answerResourceFeedback(
      actor,
      {
        recommendationId: parsed.data.recommendationId,
        tried: parsed.data.tried === "yes",
        helped: parsed.data.helped || null,
      },
      await getRequestContext(),
    );
  } catch (e) {
    return failureState(e, values, "resourceFeedback");
  }
  revalidatePath("/me/care-plan");
  return { status: "success", message: "Thank you. Your care team will see your answer at your next visit." };
}

export async function addResourceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(resourceInputSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await addResource(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "addResource");
  }
  revalidatePath("/admin/resources");
  return { status: "success", message: "Added to the catalog." };
}

export async function toggleResourceAction(formData: FormData): Promise<void> {
  const actor = await requireActor(["ADMIN"]);
  const fd = asFormData(formData);
  const id = String(fd.get("id") ?? "");
  const active = fd.get("active") === "true";
  if (!/^[0-9a-f-]{36}$/i.test(id)) return;
  await setResourceActive(actor, id, active, await getRequestContext());
  revalidatePath("/admin/resources");
}
