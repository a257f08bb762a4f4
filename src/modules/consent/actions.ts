"use server";

import { revalidatePath } from "next/cache";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { consentTextSchema, electronicConsentSchema, revokeConsentSchema, verbalConsentSchema } from "../care-plan/schemas";
import { captureVerbalConsent, giveElectronicConsent, publishConsentText, revokeConsent } from "./consent.server";
import { parseInput } from "@/lib/input";

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
