"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { consentTextSchema, electronicConsentSchema, revokeConsentSchema, verbalConsentSchema } from "../care-plan/schemas";
import { captureVerbalConsent, giveElectronicConsent, publishConsentText, revokeConsent, withdrawOwnConsent } from "./consent.server";
import { parseInput } from "@/lib/input";
import { transitionVisit } from "@/modules/scheduling/index.server";
import { startChoiceFromForm, startConsentFormSchema, withdrawConsentSchema } from "./schemas";

const visitIdSchema = z.uuid();

export async function captureVerbalConsentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN", "COORDINATOR"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(verbalConsentSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await captureVerbalConsent(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "captureVerbalConsent");
  }
  revalidatePath("/", "layout");
  return { status: "success", message: "Verbal consent recorded." };
}

export async function giveElectronicConsentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["PATIENT"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(electronicConsentSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values, "Please check the form.");
  try {
    await giveElectronicConsent(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "giveElectronicConsent");
  }
  revalidatePath("/me/consent");
  return { status: "success", message: "Thank you. Your consent is saved." };
}

export async function revokeConsentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN", "COORDINATOR"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(revokeConsentSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await revokeConsent(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "revokeConsent");
  }
  revalidatePath("/", "layout");
  return { status: "success", message: "Consent revoked." };
}

export async function publishConsentTextAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(consentTextSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  let version: number;
  try {
    ({ version } = await publishConsentText(actor, parsed.data, await getRequestContext()));
  } catch (e) {
    return failureState(e, values, "publishConsentText");
  }
  revalidatePath("/admin/consent-texts");
  return { status: "success", message: `Version ${version} published. Earlier consents keep the version they were given under.` };
}

/**
 * The patient withdraws their consent in the portal (after the confirmation step on
 * /me/consent?withdraw=<id>). Recorded as a revocation; the care team sees it on the chart.
 */
export async function withdrawOwnConsentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["PATIENT"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(withdrawConsentSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values, "Please check the form.");
  let kind: "VIDEO" | "PHONE";
  try {
    ({ kind } = await withdrawOwnConsent(actor, parsed.data, await getRequestContext()));
  } catch (e) {
    return failureState(e, values, "withdrawOwnConsent");
  }
  revalidatePath("/me/consent");
  redirect(`/me/consent?withdrawn=${kind === "VIDEO" ? "video" : "phone"}`);
}

/**
 * Start a visit when no consent is on file: verbal consent confirmed now, or an emergency start
 * with its reason (Today's "Call", the visit page). The same START as every other path; the
 * consent step and the start commit together or not at all.
 */
export async function startVisitWithConsentAction(visitId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const values = formDataToObject(formData);
  if (!parseInput(visitIdSchema, visitId).success) return { status: "error", message: "We could not find that visit." };
  const parsed = parseInput(startConsentFormSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    const choice = startChoiceFromForm(parsed.data);
    await transitionVisit(actor, visitId, "START", choice?.method === "emergency" ? "Started without consent (emergency)" : "Started with verbal consent", await getRequestContext(), new Date(), { consent: choice });
  } catch (e) {
    return failureState(e, values, "startVisitWithConsent");
  }
  revalidatePath(`/visits/${visitId}`);
  revalidatePath("/today");
  redirect(`/visits/${visitId}?saved=start`);
}
