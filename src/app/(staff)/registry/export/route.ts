import { fieldErrors } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { csvCell } from "@/modules/audit/core/csv";
import { REGISTRY_CSV_HEADER, registryCsvCells } from "@/modules/care-program/core/registry-csv";
import { exportRegistry } from "@/modules/care-program/index.server";
import { canCareProgram } from "@/modules/care-program/policy";
import {
  activeRegistryFilters,
  registryFilterSchema,
  registryProblemSummary,
  toRegistryRequest,
} from "@/modules/care-program/schemas";
import { apiRoute, unauthenticated, validationResponse } from "@/server/api-route";
import { authorize, getApiActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";

/** Rows per chunk of the stream. */
const CHUNK = 250;

/**
 * GET /registry/export?<the registry's filters>: every matching row as CSV (all pages), streamed
 * in chunks as the lines are written. Same authorization and filters as the page; audited as one
 * EXPORT with the count. Cells that a spreadsheet would run as a formula get a leading apostrophe
 * (csvCell). Bad filters: 400 naming each one, nothing exported.
 */
export const GET = apiRoute(async (request: Request) => {
  const actor = await getApiActor();
  if (!actor) return unauthenticated({ entityType: "Registry" });
  await authorize(actor, canCareProgram(actor.role, "registry.export"), { entityType: "Registry", action: "LIST" });
  const parsed = parseInput(registryFilterSchema, Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return validationResponse(errors, registryProblemSummary(errors));
  }
  const { rows, asOf } = await exportRegistry(
    actor,
    toRegistryRequest(parsed.data),
    activeRegistryFilters(parsed.data),
    await getRequestContext(),
  );
  const line = (cells: readonly (string | number | null)[]) => cells.map(csvCell).join(",") + "\r\n";
  const encoder = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(line(REGISTRY_CSV_HEADER)));
    },
    pull(controller) {
      if (next >= rows.length) {
        controller.close();
        return;
      }
      let out = "";
      for (const r of rows.slice(next, next + CHUNK)) out += line(registryCsvCells(r));
      next += CHUNK;
      controller.enqueue(encoder.encode(out));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="ltot-registry-${asOf}.csv"`,
      "Cache-Control": "no-store",
      "X-Export-Rows": String(rows.length),
    },
  });
});
