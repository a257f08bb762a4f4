import "server-only";
import { runBulkExports } from "@/modules/fhir/index.server";
import { prunePatientLinkAttempts } from "@/modules/patient-access/index.server";
import { processDueReminders } from "@/modules/scheduling/index.server";
import { escalateMissedWindows } from "@/modules/udt/index.server";
import { purgeSignals } from "@/modules/video/index.server";
import { getEnv } from "../env";
import { instanceId, type Job } from "./loop.server";

/**
 * Every background job, in the order a tick runs them (a static list: what runs in the
 * background is read here, nowhere else). Each is safe to run twice at once.
 */
export function backgroundJobs(): Job[] {
  const env = getEnv();
  return [
    {
      name: "visit-reminders",
      description:
        "Sends visit reminders that are due (24 hours and 1 hour before), or holds them for a phone call when email is not set up.",
      everySeconds: env.REMINDER_TICK_SECONDS,
      run: async (now) => ({ ...(await processDueReminders({ now })) }),
    },
    {
      name: "udt-missed-windows",
      description:
        "Records drug-test collection windows that ended without a sample and hands them to the care coordinator.",
      everySeconds: 60,
      run: async (now) => ({
        escalated: await escalateMissedWindows(now, {
          ip: null,
          requestId: `worker-udt-${now.getTime()}`,
          userAgent: "background worker",
        }),
      }),
    },
    {
      name: "video-signal-sweep",
      description: "Deletes video signaling messages older than a day (they hold no clinical data).",
      everySeconds: 3600,
      run: async () => ({ deleted: await purgeSignals(24) }),
    },
    {
      name: "patient-link-attempts",
      description: "Deletes failed patient-link attempts that no longer count toward the guess limit.",
      everySeconds: 3600,
      run: async (now) => prunePatientLinkAttempts(now),
    },
    {
      name: "fhir-bulk-export",
      description:
        "Writes FHIR bulk exports that EHRs and registries asked for (a time slice per run), and removes expired export files.",
      everySeconds: 1,
      run: async (now) => runBulkExports(now, { runnerId: instanceId }),
    },
  ];
}
