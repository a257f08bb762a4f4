"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext, type RequestContext } from "@/server/request-context";
import { careTeamRoles, type Actor } from "../identity/core/roles";
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

/**
 * A change to one visit from its page: the care team's actor, the visit id checked, the form parsed
 * (after `prepare`, if any), the use case run, a refused change shown on the form (`failed`), then
 * the visit page (and `alsoRefresh`) refreshed and the browser sent back to it with `?saved=`.
 */
async function changeVisit<T>(
  visitId: string,
  formData: FormData,
  change: {
    schema: z.ZodType<T>;
    prepare?: (values: Record<string, string>) => Record<string, string>;
    label: string;
    run: (actor: Actor, input: T, ctx: RequestContext) => Promise<unknown>;
    failed?: (e: unknown, values: Record<string, string>, where: string) => VisitFormState;
    alsoRefresh?: string;
    saved: (input: T) => string;
  },
): Promise<VisitFormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(idSchema, visitId).success) return notFound;
  const parsed = parseInput(change.schema, change.prepare ? change.prepare(values) : values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await change.run(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return (change.failed ?? failureState)(e, values, change.label);
  }
  revalidatePath(`/visits/${visitId}`);
  if (change.alsoRefresh) revalidatePath(change.alsoRefresh);
  redirect(`/visits/${visitId}?saved=${change.saved(parsed.data)}`);
}

export async function rescheduleVisitAction(
  visitId: string,
  _prev: VisitFormState,
  formData: FormData,
): Promise<VisitFormState> {
  return changeVisit(visitId, formData, {
    schema: rescheduleSchema,
    prepare: (values) => {
      const { clinicianId: _ignored, ...input } = splitSlot(values);
      return input;
    },
    label: "rescheduleVisit",
    run: (actor, input, ctx) => rescheduleVisit(actor, visitId, input, ctx),
    failed: withSlots,
    saved: () => "rescheduled",
  });
}

export async function transitionVisitAction(
  visitId: string,
  _prev: VisitFormState,
  formData: FormData,
): Promise<VisitFormState> {
  return changeVisit(visitId, formData, {
    schema: transitionSchema,
    label: "transitionVisit",
    run: (actor, input, ctx) =>
      transitionVisit(actor, visitId, input.transition, input.reason, ctx, new Date(), {
        patientLocationState: input.patientLocationState,
      }),
    alsoRefresh: "/today",
    saved: (input) => input.transition.toLowerCase(),
  });
}

export async function cancelVisitAction(
  visitId: string,
  _prev: VisitFormState,
  formData: FormData,
): Promise<VisitFormState> {
  return changeVisit(visitId, formData, {
    schema: cancelSchema,
    label: "cancelVisit",
    run: (actor, input, ctx) => transitionVisit(actor, visitId, "CANCEL", input.reason, ctx),
    saved: () => "cancelled",
  });
}

export async function switchModalityAction(
  visitId: string,
  _prev: VisitFormState,
  formData: FormData,
): Promise<VisitFormState> {
  return changeVisit(visitId, formData, {
    schema: switchModalitySchema,
    label: "switchModality",
    run: (actor, input, ctx) => switchVisitModality(actor, visitId, input, ctx),
    saved: () => "modality",
  });
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

/** An admin change to one clinician's hours: the clinician id checked, the form parsed, the use case run, the hours page refreshed. */
async function changeHours<T>(
  clinicianId: string,
  formData: FormData,
  change: {
    schema: z.ZodType<T>;
    label: string;
    run: (actor: Actor, input: T, ctx: RequestContext) => Promise<unknown>;
    done: (input: T, values: Record<string, string>) => FormState;
  },
): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  if (!parseInput(idSchema, clinicianId).success)
    return { status: "error", message: "We could not find that clinician." };
  const parsed = parseInput(change.schema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await change.run(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, change.label);
  }
  revalidatePath(`/admin/hours/${clinicianId}`);
  return change.done(parsed.data, values);
}

export async function setWeeklyHoursAction(
  clinicianId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  return changeHours(clinicianId, formData, {
    schema: weeklyHoursSchema,
    label: "setWeeklyHours",
    run: (actor, input, ctx) => setWeeklyHours(actor, clinicianId, input, ctx),
    done: (_input, values) => ({ status: "success", message: "Working hours saved.", values }),
  });
}

export async function addExceptionAction(
  clinicianId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  return changeHours(clinicianId, formData, {
    schema: availabilityExceptionSchema,
    label: "addException",
    run: (actor, input, ctx) => addAvailabilityException(actor, clinicianId, input, ctx),
    done: (input) => ({
      status: "success",
      message: input.kind === "TIME_OFF" ? "Time off added." : "Extra hours added.",
    }),
  });
}

export async function deleteExceptionAction(clinicianId: string, exceptionId: string): Promise<void> {
  const actor = await requireActor(["ADMIN"]);
  if (!parseInput(idSchema, clinicianId).success || !parseInput(idSchema, exceptionId).success) return;
  await deleteAvailabilityException(actor, clinicianId, exceptionId, await getRequestContext());
  revalidatePath(`/admin/hours/${clinicianId}`);
}
