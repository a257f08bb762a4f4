"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { fieldErrors, formDataToObject, validationFailure, withoutSecrets, type FormState } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { careTeamRoles } from "../identity/core/roles";
import { careProgramSettingsSchema } from "./core/settings";
import {
  clinicianLicenseSchema,
  inPersonEvaluationSchema,
  removeLicenseSchema,
  visitLocationSchema,
  withdrawInPersonSchema,
} from "./dea-schemas";
import {
  addClinicianLicense,
  recordInPersonEvaluation,
  recordVisitLocation,
  removeClinicianLicense,
  updateCareProgramSettings,
  withdrawInPersonEvaluation,
} from "./index.server";

const uuid = z.string().uuid();
const notFound: FormState = { status: "error", message: "We could not find that record." };

/** Clinic settings > Care program: every threshold at once; a refused value names its setting. */
export async function updateCareProgramSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(careProgramSettingsSchema, values);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    const first = Object.values(errors).flat();
    return {
      ...validationFailure(parsed.error, values),
      message: `Not saved. ${first.join(". ")}.`.replace(/\.\./g, "."),
    };
  }
  let changed: string[];
  try {
    ({ changed } = await updateCareProgramSettings(actor, parsed.data, await getRequestContext()));
  } catch (e) {
    return failureState(e, values, "updateCareProgramSettings");
  }
  revalidatePath("/admin/care-program");
  return {
    status: "success",
    message: changed.length ? `Settings saved (${changed.length} changed).` : "Settings saved (nothing changed).",
  };
}

export async function addClinicianLicenseAction(
  clinicianId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, clinicianId).success) return notFound;
  const parsed = parseInput(clinicianLicenseSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await addClinicianLicense(actor, clinicianId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "addClinicianLicense");
  }
  revalidatePath(`/admin/users/${clinicianId}`);
  return { status: "success", message: `${parsed.data.state} license added.` };
}

export async function removeClinicianLicenseAction(
  clinicianId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, clinicianId).success) return notFound;
  const parsed = parseInput(removeLicenseSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await removeClinicianLicense(actor, clinicianId, parsed.data.licenseId, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "removeClinicianLicense");
  }
  revalidatePath(`/admin/users/${clinicianId}`);
  return { status: "success", message: "License removed." };
}

export async function recordInPersonEvaluationAction(
  patientId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, patientId).success) return notFound;
  const parsed = parseInput(inPersonEvaluationSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await recordInPersonEvaluation(actor, patientId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "recordInPersonEvaluation");
  }
  revalidatePath(`/patients/${patientId}`);
  return { status: "success", message: "In-person evaluation recorded." };
}

/** Withdraws an in-person evaluation entered in error, with the reason (the chart's list). */
export async function withdrawInPersonEvaluationAction(
  patientId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, patientId).success) return notFound;
  const parsed = parseInput(withdrawInPersonSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await withdrawInPersonEvaluation(actor, patientId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "withdrawInPersonEvaluation");
  }
  revalidatePath(`/patients/${patientId}`);
  return { status: "success", message: "In-person evaluation withdrawn. It no longer counts for the DEA flag." };
}

/** The patient's state for a visit (visit page, room): a state, or empty for "not known yet". */
export async function recordVisitLocationAction(
  visitId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, visitId).success) return notFound;
  const parsed = parseInput(visitLocationSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await recordVisitLocation(actor, visitId, parsed.data.patientLocationState, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "recordVisitLocation");
  }
  revalidatePath(`/visits/${visitId}`);
  revalidatePath(`/visits/${visitId}/room`);
  return {
    status: "success",
    message: parsed.data.patientLocationState
      ? `Recorded: the patient is in ${parsed.data.patientLocationState} for this visit.`
      : "Recorded as not known yet.",
    values: withoutSecrets({}),
  };
}
