"use server";

import { revalidatePath } from "next/cache";
import { fieldErrors, formDataToObject, validationFailure, withoutSecrets, type FormState } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { careTeamRoles } from "../identity/core/roles";
import { recordFormAction } from "./form-action";
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

const notFound: FormState = { status: "error", message: "We could not find that record." };

function refreshed(path: string, message: string): FormState {
  revalidatePath(path);
  return { status: "success", message };
}

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
  return recordFormAction(
    {
      roles: ["ADMIN"],
      id: clinicianId,
      notFound,
      schema: clinicianLicenseSchema,
      label: "addClinicianLicense",
      run: (actor, input, ctx) => addClinicianLicense(actor, clinicianId, input, ctx),
      done: (input) => refreshed(`/admin/users/${clinicianId}`, `${input.state} license added.`),
    },
    formData,
  );
}

export async function removeClinicianLicenseAction(
  clinicianId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  return recordFormAction(
    {
      roles: ["ADMIN"],
      id: clinicianId,
      notFound,
      schema: removeLicenseSchema,
      label: "removeClinicianLicense",
      run: (actor, input, ctx) => removeClinicianLicense(actor, clinicianId, input.licenseId, ctx),
      done: () => refreshed(`/admin/users/${clinicianId}`, "License removed."),
    },
    formData,
  );
}

export async function recordInPersonEvaluationAction(
  patientId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  return recordFormAction(
    {
      roles: careTeamRoles,
      id: patientId,
      notFound,
      schema: inPersonEvaluationSchema,
      label: "recordInPersonEvaluation",
      run: (actor, input, ctx) => recordInPersonEvaluation(actor, patientId, input, ctx),
      done: () => refreshed(`/patients/${patientId}`, "In-person evaluation recorded."),
    },
    formData,
  );
}

/** Withdraws an in-person evaluation entered in error, with the reason (the chart's list). */
export async function withdrawInPersonEvaluationAction(
  patientId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  return recordFormAction(
    {
      roles: careTeamRoles,
      id: patientId,
      notFound,
      schema: withdrawInPersonSchema,
      label: "withdrawInPersonEvaluation",
      run: (actor, input, ctx) => withdrawInPersonEvaluation(actor, patientId, input, ctx),
      done: () =>
        refreshed(`/patients/${patientId}`, "In-person evaluation withdrawn. It no longer counts for the DEA flag."),
    },
    formData,
  );
}

/** The patient's state for a visit (visit page, room): a state, or empty for "not known yet". */
export async function recordVisitLocationAction(
  visitId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  return recordFormAction(
    {
      roles: careTeamRoles,
      id: visitId,
      notFound,
      schema: visitLocationSchema,
      label: "recordVisitLocation",
      run: (actor, input, ctx) => recordVisitLocation(actor, visitId, input.patientLocationState, ctx),
      done: (input) => {
        revalidatePath(`/visits/${visitId}`);
        revalidatePath(`/visits/${visitId}/room`);
        return {
          status: "success",
          message: input.patientLocationState
            ? `Recorded: the patient is in ${input.patientLocationState} for this visit.`
            : "Recorded as not known yet.",
          values: withoutSecrets({}),
        };
      },
    },
    formData,
  );
}
