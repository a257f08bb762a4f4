"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { careTeamRoles } from "../identity/core/roles";
import { clinicTimeZone } from "./load-availability.server";
import { addAvailabilityException, deleteAvailabilityException, setWeeklyHours } from "./manage-clinician-hours.server";
import { saveVisitType } from "./manage-visit-types.server";
import { formatInZone } from "./core/time";
import {
  availabilityExceptionSchema,
  bookVisitSchema,
  cancelSchema,
  rescheduleSchema,
  switchModalitySchema,
  transitionSchema,
  visitTypeSchema,
  weeklyHoursSchema,
} from "./schemas";
import type { VisitFormState } from "./form-state";
import { bookVisit } from "./book-visit.server";
import { issueVisitJoinLink } from "./issue-visit-join-link.server";
import { rescheduleVisit } from "./reschedule-visit.server";
import { switchVisitModality } from "./switch-visit-modality.server";
import { transitionVisit } from "./transition-visit.server";
import { SlotTakenError } from "./visit-rows.server";
import { parseInput } from "@/lib/input";

const idSchema = z.string().uuid();
const notFound: FormState = { status: "error", message: "We could not find that visit." };

function withSlots(e: unknown, values: Record<string, string>, where: string): VisitFormState {
  const state: VisitFormState = failureState(e, values, where);
  if (e instanceof SlotTakenError) {
    const tz = clinicTimeZone();
    state.nextSlots = e.nextSlots.map((s) => ({ ...s, label: formatInZone(new Date(s.startsAt), tz) }));
  }
  return state;
}

/** The slot radio carries "clinicianId|startsAt" (one choice picks both, also without JavaScript). */
function splitSlot(values: Record<string, string>): Record<string, string> {
  const { slot, ...rest } = values;
  if (slot === undefined) return rest;
  const [clinicianId, startsAt] = slot.split("|");
  return { ...rest, clinicianId: clinicianId ?? "", startsAt: startsAt ?? "" };
}

export async function bookVisitAction(_prev: VisitFormState, formData: FormData): Promise<VisitFormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  const parsed = parseInput(bookVisitSchema, splitSlot(values));
  if (!parsed.success) return validationFailure(parsed.error, values);
  let ids: string[];
  try {
    ({ visitIds: ids } = await bookVisit(actor, parsed.data, await getRequestContext()));
  } catch (e) {
    return withSlots(e, values, "bookVisit");
  }
  revalidatePath("/schedule");
  redirect(`/visits/${ids[0]}?booked=${ids.length}`);
}

export async function rescheduleVisitAction(
  visitId: string,
  _prev: VisitFormState,
  formData: FormData,
): Promise<VisitFormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(idSchema, visitId).success) return notFound;
  const { clinicianId: _ignored, ...input } = splitSlot(values);
  const parsed = parseInput(rescheduleSchema, input);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await rescheduleVisit(actor, visitId, parsed.data, await getRequestContext());
  } catch (e) {
    return withSlots(e, values, "rescheduleVisit");
  }
  revalidatePath(`/visits/${visitId}`);
  redirect(`/visits/${visitId}?saved=rescheduled`);
}

export async function transitionVisitAction(
  visitId: string,
  _prev: VisitFormState,
  formData: FormData,
): Promise<VisitFormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(idSchema, visitId).success) return notFound;
  const parsed = parseInput(transitionSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await transitionVisit(
      actor,
      visitId,
      parsed.data.transition,
      parsed.data.reason,
      await getRequestContext(),
      new Date(),
      { patientLocationState: parsed.data.patientLocationState },
    );
  } catch (e) {
    return failureState(e, values, "transitionVisit");
  }
  revalidatePath(`/visits/${visitId}`);
  revalidatePath("/today");
  redirect(`/visits/${visitId}?saved=${parsed.data.transition.toLowerCase()}`);
}

export async function cancelVisitAction(
  visitId: string,
  _prev: VisitFormState,
  formData: FormData,
): Promise<VisitFormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(idSchema, visitId).success) return notFound;
  const parsed = parseInput(cancelSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await transitionVisit(actor, visitId, "CANCEL", parsed.data.reason, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "cancelVisit");
  }
  revalidatePath(`/visits/${visitId}`);
  redirect(`/visits/${visitId}?saved=cancelled`);
}

export async function switchModalityAction(
  visitId: string,
  _prev: VisitFormState,
  formData: FormData,
): Promise<VisitFormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(idSchema, visitId).success) return notFound;
  const parsed = parseInput(switchModalitySchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await switchVisitModality(actor, visitId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "switchModality");
  }
  revalidatePath(`/visits/${visitId}`);
  redirect(`/visits/${visitId}?saved=modality`);
}

/** Shows the new join link once (it is not stored and cannot be shown again). */
export async function issueJoinLinkAction(
  visitId: string,
  _prev: VisitFormState,
  _formData: FormData,
): Promise<VisitFormState> {
  const actor = await requireActor(careTeamRoles);
  if (!parseInput(idSchema, visitId).success) return notFound;
  try {
    const link = await issueVisitJoinLink(actor, visitId, await getRequestContext());
    return {
      status: "success",
      message: "New join link made. Earlier links no longer work. Copy it now: it is shown only once.",
      joinUrl: link.url,
      joinExpiresAt: link.expiresAt,
    };
  } catch (e) {
    return failureState(e, {}, "issueJoinLink");
  }
}

// ---------------------------------------------------------------------------------------------
// Admin
// ---------------------------------------------------------------------------------------------

export async function saveVisitTypeAction(
  visitTypeId: string | null,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  if (visitTypeId !== null && !parseInput(idSchema, visitTypeId).success)
    return { status: "error", message: "We could not find that visit type." };
  const parsed = parseInput(visitTypeSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await saveVisitType(actor, visitTypeId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "saveVisitType");
  }
  revalidatePath("/admin/visit-types");
  return { status: "success", message: visitTypeId ? "Visit type saved." : "Visit type added." };
}

export async function setWeeklyHoursAction(
  clinicianId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  if (!parseInput(idSchema, clinicianId).success)
    return { status: "error", message: "We could not find that clinician." };
  const parsed = parseInput(weeklyHoursSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await setWeeklyHours(actor, clinicianId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "setWeeklyHours");
  }
  revalidatePath(`/admin/hours/${clinicianId}`);
  return { status: "success", message: "Working hours saved.", values };
}

export async function addExceptionAction(
  clinicianId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  if (!parseInput(idSchema, clinicianId).success)
    return { status: "error", message: "We could not find that clinician." };
  const parsed = parseInput(availabilityExceptionSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await addAvailabilityException(actor, clinicianId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "addException");
  }
  revalidatePath(`/admin/hours/${clinicianId}`);
  return { status: "success", message: parsed.data.kind === "TIME_OFF" ? "Time off added." : "Extra hours added." };
}

export async function deleteExceptionAction(clinicianId: string, exceptionId: string): Promise<void> {
  const actor = await requireActor(["ADMIN"]);
  if (!parseInput(idSchema, clinicianId).success || !parseInput(idSchema, exceptionId).success) return;
  await deleteAvailabilityException(actor, clinicianId, exceptionId, await getRequestContext());
  revalidatePath(`/admin/hours/${clinicianId}`);
}
