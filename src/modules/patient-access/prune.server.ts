import "server-only";
import { db } from "@/server/db";
import { GUESS_WINDOW_MINUTES } from "./core/guess-limit";

/** How long a failed guess from an address is kept: well past the window the limit counts over. */
const UNKNOWN_TOKEN_KEEP_HOURS = 24;
/** Wrong birth dates count over a link's whole life; kept one day past the link's expiry. */
const AFTER_EXPIRY_KEEP_HOURS = 24;

/**
 * Background job (the worker loop): drop the guess-limit rows that can no longer count. Unknown
 * tokens count per address over GUESS_WINDOW_MINUTES; wrong birth dates per link while it lives.
 */
export async function prunePatientLinkAttempts(now: Date): Promise<{ deleted: number }> {
  const unknownBefore = new Date(
    now.getTime() - Math.max(UNKNOWN_TOKEN_KEEP_HOURS * 60, 2 * GUESS_WINDOW_MINUTES) * 60_000,
  );
  const expiredBefore = new Date(now.getTime() - AFTER_EXPIRY_KEEP_HOURS * 3_600_000);
  const unknown = await db.patientLinkAttempt.deleteMany({
    where: { kind: "UNKNOWN_TOKEN", createdAt: { lt: unknownBefore } },
  });
  // Links long expired (in batches: the job runs again next hour).
  const expired = await db.patientLinkToken.findMany({
    where: { expiresAt: { lt: expiredBefore } },
    select: { id: true },
    orderBy: { expiresAt: "asc" },
    take: 5000,
  });
  const wrong = expired.length
    ? await db.patientLinkAttempt.deleteMany({
        where: { kind: "WRONG_BIRTH_DATE", linkId: { in: expired.map((l) => l.id) } },
      })
    : { count: 0 };
  return { deleted: unknown.count + wrong.count };
}
