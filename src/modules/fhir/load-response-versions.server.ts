import "server-only";
import { db } from "@/server/db";
import { isUuid } from "@/server/uuid";
import { toQuestionnaireResponse } from "./core/questionnaire-response";
import { responseSelect } from "./load-resources.server";

/** Every version of one answer as QuestionnaireResponses, newest first (one query). */
export async function loadResponseVersions(seriesId: string, baseUrl: string) {
  if (!isUuid(seriesId)) return [];
  const rows = await db.formResponse.findMany({
    where: { seriesId },
    select: responseSelect,
    orderBy: { version: "desc" },
  });
  return rows.map((r) => toQuestionnaireResponse({ ...r, answers: r.answers as Record<string, number> }, baseUrl));
}
