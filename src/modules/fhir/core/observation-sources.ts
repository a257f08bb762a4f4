import { instruments } from "@/modules/assessments/core/instruments";
import { isUuidLike } from "./ids";
import { matchesToken, type SearchQuery } from "./search";

/** Every LOINC code a survey Observation carries (the PEG and PHQ-9 scores and items). */
export const surveyCodes: ReadonlySet<string> = new Set(
  Object.values(instruments).flatMap((i) => [i.loincScore, ...i.items.map((it) => it.loinc)]),
);
const OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

/**
 * Which tables an Observation search can match: survey Observations come from answered forms
 * (ids "<series>-score", "<series>-<item>"), laboratory ones from drug-test findings (ids are the
 * finding's uuid). A search whose category, codes or ids rule one out does not read it.
 */
export function observationSources(q: Pick<SearchQuery, "ids" | "tokens">): { survey: boolean; lab: boolean } {
  const codes = q.tokens.code?.map((v) => v.slice(v.indexOf("|") + 1));
  const survey =
    matchesToken(q.tokens.category, OBS_CATEGORY, "survey") &&
    (!codes || codes.some((c) => surveyCodes.has(c))) &&
    (!q.ids || q.ids.some((i) => !isUuidLike(i)));
  const lab =
    matchesToken(q.tokens.category, OBS_CATEGORY, "laboratory") &&
    (!codes || codes.some((c) => !surveyCodes.has(c))) &&
    (!q.ids || q.ids.some(isUuidLike));
  return { survey, lab };
}
