"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { createUdtOrderSchema } from "@/modules/udt/schemas";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext, type RequestContext } from "@/server/request-context";
import { careTeamRoles, type Actor, type Role } from "../identity/core/roles";
import { recordFormAction } from "./form-action";
import type { SendFormsState } from "./components/huddle-forms";
import {
  naloxoneSchema,
  orderRequestIdSchema,
  pdmpCheckSchema,
  riskHistorySchema,
  sendFormsSchema,
} from "./huddle-schemas";
import {
  documentNaloxone,
  documentPdmpCheck,
  orderUdtFromHuddle,
  queueUdtOrder,
  recordRiskHistory,
  sendPreVisitForms,
} from "./index.server";

/**
 * The pre-visit huddle's forms ("Before this visit" on Today, Upcoming visits, the visit page and
 * the room). Thin: actor, parse, call the use case (which authorizes, writes and audits in one
 * transaction), then refresh every page that shows the visit's gaps.
 */
const uuid = z.string().uuid();
const notFound: FormState = { status: "error", message: "We could not find that visit. Reload the page." };

function refresh(visitId: string) {
  for (const p of [
    "/today",
    "/visits",
    `/visits/${visitId}`,
    `/visits/${visitId}/room`,
    `/visits/${visitId}/note`,
    "/registry",
  ])
    revalidatePath(p);
}

/** A huddle form whose use case (write) takes (actor, visitId, input, ctx): parsed, run, then the visit's pages refreshed. */
function huddleForm<T>(
  roles: readonly Role[],
  schema: z.ZodType<T>,
  write: (actor: Actor, visitId: string, input: T, ctx: RequestContext) => Promise<unknown>,
  label: string,
  message: string,
) {
  return (visitId: string, formData: FormData): Promise<FormState> =>
    recordFormAction(
      {
        roles,
        id: visitId,
        notFound,
        schema,
        label,
        run: (actor, input, ctx) => write(actor, visitId, input, ctx),
        done: () => {
          refresh(visitId);
          return { status: "success", message };
        },
      },
      formData,
    );
}

const forms = {
  pdmp: huddleForm(
    ["CLINICIAN"],
    pdmpCheckSchema,
    documentPdmpCheck,
    "documentPdmpCheck",
    "PDMP check documented for this visit.",
  ),
  naloxone: huddleForm(
    ["CLINICIAN"],
    naloxoneSchema,
    documentNaloxone,
    "documentNaloxone",
    "Naloxone documented for this visit.",
  ),
  riskHistory: huddleForm(
    ["CLINICIAN"],
    riskHistorySchema,
    recordRiskHistory,
    "recordRiskHistory",
    "Risk history recorded.",
  ),
  queueUdt: huddleForm(
    ["COORDINATOR"],
    createUdtOrderSchema,
    queueUdtOrder,
    "queueUdtOrder",
    "Urine drug test queued: the clinician orders it from this visit's huddle.",
  ),
};

export async function documentPdmpCheckAction(visitId: string, _prev: FormState, formData: FormData) {
  return forms.pdmp(visitId, formData);
}

export async function documentNaloxoneAction(visitId: string, _prev: FormState, formData: FormData) {
  return forms.naloxone(visitId, formData);
}

export async function recordRiskHistoryAction(visitId: string, _prev: FormState, formData: FormData) {
  return forms.riskHistory(visitId, formData);
}

export async function queueUdtOrderAction(visitId: string, _prev: FormState, formData: FormData) {
  return forms.queueUdt(visitId, formData);
}

/** Orders the queued test (field queuedId) or a new one from the form's details. */
export async function orderUdtFromHuddleAction(
  visitId: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, visitId).success) return notFound;
  const { queuedId: rawQueued, ...rest } = values;
  const queued = parseInput(orderRequestIdSchema, rawQueued);
  if (!queued.success) return validationFailure(queued.error, values);
  let input: Parameters<typeof orderUdtFromHuddle>[2];
  if (queued.data) {
    if (Object.keys(rest).length > 0)
      return { status: "error", message: `Unexpected field "${Object.keys(rest)[0]}"`, values };
    input = { queuedId: queued.data };
  } else {
    const parsed = parseInput(createUdtOrderSchema, rest);
    if (!parsed.success) return validationFailure(parsed.error, values);
    input = { order: parsed.data };
  }
  try {
    await orderUdtFromHuddle(actor, visitId, input, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "orderUdtFromHuddle");
  }
  refresh(visitId);
  return {
    status: "success",
    message: "Urine drug test ordered: the coordinator instructs the patient from the UDT queue.",
  };
}

export async function sendPreVisitFormsAction(
  visitId: string,
  _prev: SendFormsState,
  formData: FormData,
): Promise<SendFormsState> {
  const actor = await requireActor(careTeamRoles);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, visitId).success) return notFound;
  const parsed = parseInput(sendFormsSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    const r = await sendPreVisitForms(actor, visitId, parsed.data.instruments, await getRequestContext());
    refresh(visitId);
    const added = r.requested.length
      ? `Requested ${r.requested.map((i) => (i === "PHQ9" ? "PHQ-9" : i)).join(" and ")} for this visit. `
      : "";
    return {
      status: "success",
      message: `${added}Send this link to the patient now: it is shown only once.`,
      link: r.url,
      expiresAt: r.expiresAt.toISOString(),
    };
  } catch (e) {
    return failureState(e, values, "sendPreVisitForms");
  }
}
