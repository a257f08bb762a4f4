"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { asFormData, formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { isAppError } from "@/server/errors";
import { getRequestContext, type RequestContext } from "@/server/request-context";
import { careTeamRoles, type Actor } from "../identity/core/roles";
import { addMedication, stopMedication } from "./medications.server";
import {
  addMedicationSchema,
  advanceUdtSchema,
  createUdtOrderSchema,
  findingsFromForm,
  stopMedicationSchema,
  udtSettingsSchema,
} from "./schemas";
import { advanceUdtOrder, STALE_ORDER_MESSAGE } from "./advance-udt-order.server";
import { createUdtOrder } from "./create-udt-order.server";
import { updateUdtSettings } from "./udt-settings.server";
import { parseInput } from "@/lib/input";

const uuid = z.string().uuid();
const notFound: FormState = { status: "error", message: "We could not find that record." };

/** A clinician's change to the patient's medication list: parsed, written, then back to the chart's medications. */
async function changeMedication<T>(
  patientId: string,
  formData: FormData,
  schema: z.ZodType<T>,
  write: (actor: Actor, patientId: string, input: T, ctx: RequestContext) => Promise<unknown>,
  label: string,
  saved: "added" | "stopped",
): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, patientId).success) return notFound;
  const parsed = parseInput(schema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await write(actor, patientId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, label);
  }
  revalidatePath(`/patients/${patientId}`);
  redirect(`/patients/${patientId}?medication=${saved}#medications-h`);
}

export async function addMedicationAction(patientId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return changeMedication(patientId, formData, addMedicationSchema, addMedication, "addMedication", "added");
}

export async function stopMedicationAction(patientId: string, _prev: FormState, formData: FormData) {
  return changeMedication(patientId, formData, stopMedicationSchema, stopMedication, "stopMedication", "stopped");
}

export async function createUdtOrderAction(
  patientId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, patientId).success) return notFound;
  const parsed = parseInput(createUdtOrderSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  let id: string;
  try {
    ({ id } = await createUdtOrder(actor, patientId, parsed.data, await getRequestContext()));
  } catch (e) {
    return failureState(e, values, "createUdtOrder");
  }
  revalidatePath(`/patients/${patientId}`);
  redirect(`/patients/${patientId}/udt/${id}?done=ORDER`);
}

function parseAdvance(formData: FormData) {
  const values = formDataToObject(formData);
  const { rest, findings } = findingsFromForm(values);
  const withFindings =
    rest.event === "RECORD_RESULT" || rest.event === "RECORD_CONFIRMATION" ? { ...rest, findings } : rest;
  return { values, parsed: parseInput(advanceUdtSchema, withFindings) };
}

/** A workflow step from the order page (form state shown in place, works without JavaScript). */
export async function advanceUdtOrderAction(
  patientId: string,
  orderId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const { values, parsed } = parseAdvance(formData);
  if (!parseInput(uuid, patientId).success || !parseInput(uuid, orderId).success) return notFound;
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await advanceUdtOrder(actor, patientId, orderId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "advanceUdtOrder");
  }
  revalidatePath(`/patients/${patientId}/udt/${orderId}`);
  revalidatePath("/udt");
  redirect(`/patients/${patientId}/udt/${orderId}?done=${parsed.data.event}`);
}

/**
 * One-click steps from a work queue: plain forms (no client state, no bound arguments, so a page
 * of 200 rows stays cheap to render). The ids travel as fields and are checked like any input;
 * the outcome travels in the redirect (?done=<event> or ?problem=<code>), never an internal message.
 */
export async function advanceFromQueueAction(form: FormData): Promise<void> {
  const actor = await requireActor(careTeamRoles);
  const formData = asFormData(form);
  const patientId = String(formData.get("patientId") ?? "");
  const orderId = String(formData.get("orderId") ?? "");
  const queue = formData.get("queue") === "clinician" ? "clinician" : "coordinator";
  for (const k of ["patientId", "orderId", "queue"]) formData.delete(k);
  const { parsed } = parseAdvance(formData);
  const back = (q: Record<string, string>) => `/udt?${new URLSearchParams({ queue, ...q })}`;
  if (!parseInput(uuid, patientId).success || !parseInput(uuid, orderId).success || !parsed.success)
    redirect(back({ problem: "invalid" }));
  let problem: string | null = null;
  try {
    await advanceUdtOrder(actor, patientId, orderId, parsed.data, await getRequestContext());
  } catch (e) {
    failureState(e, {}, "advanceFromQueue"); // rethrows Next's own interrupts (403) and logs unknown errors
    problem = isAppError(e)
      ? e.message === STALE_ORDER_MESSAGE
        ? "stale"
        : e.code === "CONFLICT"
          ? "not_allowed"
          : e.code.toLowerCase()
      : "internal";
  }
  revalidatePath("/udt");
  redirect(back(problem ? { problem } : { done: parsed.data.event }));
}

export async function updateUdtSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(udtSettingsSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await updateUdtSettings(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "updateUdtSettings");
  }
  revalidatePath("/admin/udt-settings");
  return { status: "success", message: "Settings saved." };
}
