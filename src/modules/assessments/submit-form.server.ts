import "server-only";
import { validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import type { RequestContext } from "@/server/request-context";
import { submitPatientResponse } from "./fill-forms.server";
import type { Respondent } from "./respondent.server";
import { instrumentPickSchema, patientResponseSchema, toAnswers } from "./schemas";
import { parseInput } from "@/lib/input";

/**
 * Parses and submits one patient form (portal action and the zero-JS link page share it).
 * Returns where to go next, or the form state to show again.
 */
export async function parseAndSubmitPatientForm(
  respondent: Respondent,
  values: Record<string, string>,
  basePath: string,
  ctx: RequestContext,
): Promise<{ ok: true; next: string } | { ok: false; state: FormState }> {
  const pick = parseInput(instrumentPickSchema, values);
  if (!pick.success)
    return {
      ok: false,
      state: validationFailure(pick.error, values, "Something is wrong with this form. Please reload the page."),
    };
  const parsed = parseInput(patientResponseSchema(pick.data.instrument), values);
  if (!parsed.success)
    return {
      ok: false,
      state: validationFailure(
        parsed.error,
        values,
        "Please answer every question. The questions that need an answer are marked.",
      ),
    };
  try {
    const r = await submitPatientResponse(
      respondent,
      {
        requestId: parsed.data.requestId,
        instrument: pick.data.instrument,
        idempotencyKey: parsed.data.idempotencyKey,
        answers: toAnswers(pick.data.instrument, parsed.data),
        pageLanguage: parsed.data.pageLanguage ?? null,
        translationVersion: parsed.data.translationVersion ?? null,
      },
      ctx,
    );
    // Crisis resources must show at once, so a safety answer always goes to the confirmation.
    return {
      ok: true,
      next: !r.safetyFlag && r.nextRequestId ? `${basePath}/${r.nextRequestId}` : `${basePath}/done?r=${r.responseId}`,
    };
  } catch (e) {
    return { ok: false, state: failureState(e, values, "submitPatientResponse") };
  }
}
