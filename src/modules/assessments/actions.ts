"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { careTeamRoles } from "../identity/core/roles";
import { addFormRequest, cancelFormRequest } from "./form-requests.server";
import { updateFormSettings } from "./form-settings.server";
import type { Respondent } from "./respondent.server";
import { sendFormReminder } from "./send-forms.server";
import { correctResponse, enterStaffResponse } from "./staff-responses.server";
import type { ReminderState } from "./components/request-forms";
import { resolveAlert } from "./safety-alerts.server";
import { parseAndSubmitPatientForm } from "./submit-form.server";
import {
  addRequestSchema,
  cancelRequestSchema,
  correctionSchema,
  instrumentPickSchema,
  resolveAlertSchema,
  settingsSchema,
  staffResponseSchema,
  toAnswers,
} from "./schemas";
import { parseInput } from "@/lib/input";

const uuid = z.string().uuid();

// ---------------------------------------------------------------------------------------------
// Patients (portal and secure link). Not exported: only the actions below are endpoints.
// ---------------------------------------------------------------------------------------------

async function submitFor(respondent: Respondent, formData: FormData, basePath: string): Promise<FormState> {
  const r = await parseAndSubmitPatientForm(
    respondent,
    formDataToObject(formData),
    basePath,
    await getRequestContext(),
  );
  if (!r.ok) return r.state;
  redirect(r.next);
}

export async function submitPortalFormAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["PATIENT"]);
  return submitFor({ kind: "portal", actor }, formData, "/me/forms");
}

// ---------------------------------------------------------------------------------------------
// Staff
// ---------------------------------------------------------------------------------------------

export async function enterStaffResponseAction(
  patientId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, patientId).success) return { status: "error", message: "We could not find that patient." };
  const pick = parseInput(instrumentPickSchema, values);
  if (!pick.success) return validationFailure(pick.error, values);
  const parsed = parseInput(staffResponseSchema(pick.data.instrument), values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  let flag: boolean;
  try {
    const r = await enterStaffResponse(
      actor,
      patientId,
      {
        instrument: pick.data.instrument,
        mode: parsed.data.mode,
        requestId: parsed.data.requestId,
        idempotencyKey: parsed.data.idempotencyKey,
        answers: toAnswers(pick.data.instrument, parsed.data),
      },
      await getRequestContext(),
    );
    flag = r.safetyFlag;
  } catch (e) {
    return failureState(e, values, "enterStaffResponse");
  }
  revalidatePath(`/patients/${patientId}`);
  redirect(`/patients/${patientId}?entered=${pick.data.instrument}${flag ? "&safety=1" : ""}#assessments`);
}

export async function correctResponseAction(
  patientId: string,
  seriesId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, patientId).success || !parseInput(uuid, seriesId).success)
    return { status: "error", message: "We could not find that answer." };
  const pick = parseInput(instrumentPickSchema, values);
  if (!pick.success) return validationFailure(pick.error, values);
  const parsed = parseInput(correctionSchema(pick.data.instrument), values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await correctResponse(
      actor,
      patientId,
      seriesId,
      {
        instrument: pick.data.instrument,
        idempotencyKey: parsed.data.idempotencyKey,
        reason: parsed.data.reason,
        answers: toAnswers(pick.data.instrument, parsed.data),
      },
      await getRequestContext(),
    );
  } catch (e) {
    return failureState(e, values, "correctResponse");
  }
  revalidatePath(`/patients/${patientId}`);
  redirect(`/patients/${patientId}/assessments/${seriesId}?corrected=1`);
}

export async function addFormRequestAction(
  patientId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, patientId).success) return { status: "error", message: "We could not find that patient." };
  const parsed = parseInput(addRequestSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await addFormRequest(actor, patientId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "addFormRequest");
  }
  revalidatePath(`/patients/${patientId}/forms`);
  return { status: "success", message: "Form added." };
}

export async function cancelFormRequestAction(
  patientId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, patientId).success) return { status: "error", message: "We could not find that patient." };
  const parsed = parseInput(cancelRequestSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await cancelFormRequest(actor, patientId, parsed.data.requestId, parsed.data.reason, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "cancelFormRequest");
  }
  revalidatePath(`/patients/${patientId}/forms`);
  return { status: "success", message: "Form removed." };
}

/** Returns the new link once, for staff to send; it is never stored or shown again. */
export async function sendFormReminderAction(
  patientId: string,
  _prev: ReminderState,
  _formData: FormData,
): Promise<ReminderState> {
  const actor = await requireActor(careTeamRoles);
  if (!parseInput(uuid, patientId).success) return { status: "error", message: "We could not find that patient." };
  try {
    const r = await sendFormReminder(actor, patientId, await getRequestContext());
    revalidatePath(`/patients/${patientId}/forms`);
    return {
      status: "success",
      message: `Reminder ready for ${r.pending} pending ${r.pending === 1 ? "form" : "forms"}. Send this link to the patient now: it is shown only once.`,
      link: new URL(r.url).pathname,
      expiresAt: r.expiresAt.toISOString(),
    };
  } catch (e) {
    return failureState(e, {}, "sendFormReminder");
  }
}

export async function resolveAlertAction(alertId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, alertId).success) return { status: "error", message: "We could not find that alert." };
  const parsed = parseInput(resolveAlertSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  let patientId: string;
  let resolved: number;
  try {
    ({ patientId, resolved } = await resolveAlert(
      actor,
      alertId,
      { plan: parsed.data.plan, alertIds: parsed.data.alertIds },
      await getRequestContext(),
    ));
  } catch (e) {
    return failureState(e, values, "resolveAlert");
  }
  revalidatePath("/", "layout");
  redirect(`/patients/${patientId}?alertResolved=${resolved}#assessments`);
}

export async function updateFormSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(settingsSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await updateFormSettings(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "updateFormSettings");
  }
  revalidatePath("/admin/form-settings");
  return { status: "success", message: "Settings saved. They apply to visits booked from now on." };
}
