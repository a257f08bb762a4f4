"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import {
  consentTextSchema,
  electronicConsentSchema,
  revokeConsentSchema,
  verbalConsentSchema,
} from "../care-plan/schemas";
import { publishConsentText } from "./consent-texts.server";
import { captureVerbalConsent, giveElectronicConsent } from "./record-consent.server";
import { revokeConsent, withdrawOwnConsent } from "./revoke-consent.server";
import { parseInput } from "@/lib/input";
import { transitionVisit } from "@/modules/scheduling/index.server";
import { readLinkSession } from "@/modules/patient-access/index.server";
import { careTeamRoles } from "../identity/core/roles";
import { revokeAgreement, revokeOwnAgreement } from "./revoke-agreement.server";
import { sendAgreementLink } from "./send-agreement-link.server";
import { recordAgreement, signAgreementByLink, signOwnAgreement } from "./sign-agreement.server";
import { renewalDateIn } from "./core/agreement-rules";
import { formatDateOnly } from "../patients/core/format";
import { getEnv } from "@/server/env";
import {
  recordAgreementSchema,
  revokeAgreementSchema,
  revokeOwnAgreementSchema,
  signAgreementSchema,
  startChoiceFromForm,
  startConsentFormSchema,
  withdrawConsentSchema,
} from "./schemas";

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
  return {
    status: "success",
    message: `Version ${version} published. Earlier consents keep the version they were given under.`,
  };
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
export async function startVisitWithConsentAction(
  visitId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const values = formDataToObject(formData);
  if (!parseInput(visitIdSchema, visitId).success) return { status: "error", message: "We could not find that visit." };
  const parsed = parseInput(startConsentFormSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    const choice = startChoiceFromForm(parsed.data);
    await transitionVisit(
      actor,
      visitId,
      "START",
      choice?.method === "emergency" ? "Started without consent (emergency)" : "Started with verbal consent",
      await getRequestContext(),
      new Date(),
      { consent: choice },
    );
  } catch (e) {
    return failureState(e, values, "startVisitWithConsent");
  }
  revalidatePath(`/visits/${visitId}`);
  revalidatePath("/today");
  redirect(`/visits/${visitId}?saved=start`);
}

// ---------------------------------------------------------------------------------------------
// Patient agreements for opioid therapy (get-, sign-, revoke-agreement.server.ts, send-agreement-link.server.ts). Every form below is a plain form
// POST: it works without JavaScript.
// ---------------------------------------------------------------------------------------------

const renewByText = (d: Date) => formatDateOnly(renewalDateIn(d, getEnv().CLINIC_TIME_ZONE));

/** The patient signs in the portal (/me/agreement); on success the page reloads with the confirmation. */
export async function signOwnAgreementAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["PATIENT"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(signAgreementSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values, "Please check the form.");
  try {
    await signOwnAgreement(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "signOwnAgreement");
  }
  revalidatePath("/me/agreement");
  redirect("/me/agreement?signed=1");
}

/** The patient revokes their agreement in the portal (after the confirmation step on /me/agreement?revoke=<id>). */
export async function revokeOwnAgreementAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["PATIENT"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(revokeOwnAgreementSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values, "Please check the form.");
  try {
    await revokeOwnAgreement(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "revokeOwnAgreement");
  }
  revalidatePath("/me/agreement");
  redirect("/me/agreement?revoked=1");
}

/** The patient signs from the clinic's secure link (/a/agreement): the link session is the only authority. */
export async function signAgreementByLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const session = await readLinkSession("agreement");
  if (!session) redirect("/link-expired?reason=session");
  const values = formDataToObject(formData);
  const parsed = parseInput(signAgreementSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values, "Please check the form.");
  try {
    await signAgreementByLink(session, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "signAgreementByLink");
  }
  redirect("/a/agreement?signed=1");
}

/** Staff on the chart: the patient signed the paper form, or agreed verbally (with a witness). */
export async function recordAgreementAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  const parsed = parseInput(recordAgreementSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  let renewBy: Date;
  try {
    ({ renewBy } = await recordAgreement(actor, parsed.data, await getRequestContext()));
  } catch (e) {
    return failureState(e, values, "recordAgreement");
  }
  revalidatePath(`/patients/${parsed.data.patientId}`);
  return {
    status: "success",
    message: `${parsed.data.method === "PAPER" ? "Paper agreement" : "Verbal agreement"} recorded. Renew by ${renewByText(renewBy)}.`,
  };
}

export async function revokeAgreementAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  const parsed = parseInput(revokeAgreementSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  let patientId: string;
  try {
    ({ patientId } = await revokeAgreement(actor, parsed.data, await getRequestContext()));
  } catch (e) {
    return failureState(e, values, "revokeAgreement");
  }
  revalidatePath(`/patients/${patientId}`);
  return { status: "success", message: "Agreement revoked." };
}

/** A secure link for the patient to sign, returned once for staff to send (only its hash is kept). */
export async function sendAgreementLinkAction(
  patientId: string,
  _prev: FormState & { link?: string; expiresAt?: string },
  _formData: FormData,
): Promise<FormState & { link?: string; expiresAt?: string }> {
  const actor = await requireActor(careTeamRoles);
  if (!parseInput(z.uuid(), patientId).success) return { status: "error", message: "We could not find that patient." };
  try {
    const r = await sendAgreementLink(actor, patientId, await getRequestContext());
    return {
      status: "success",
      message: "Send this link to the patient now: it is shown only once.",
      link: new URL(r.url).pathname,
      expiresAt: r.expiresAt.toISOString(),
    };
  } catch (e) {
    return failureState(e, {}, "sendAgreementLink");
  }
}
