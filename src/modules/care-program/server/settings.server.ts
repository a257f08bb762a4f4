import "server-only";
import { parseInput } from "@/lib/input";
import { db, type Tx } from "@/server/db";
import { logger } from "@/server/logger";
import { careProgramSettingsSchema, defaultCareProgramSettings, type CareProgramSettings } from "../core/settings";

type Client = Tx | typeof db;

/**
 * The clinic's care-program thresholds: the stored row (id = 1) over the defaults. A key the
 * schema no longer knows is dropped; a stored value the schema refuses falls back to the default
 * for that key alone (logged), so an old row never makes the registry fail.
 */
export async function readCareProgramSettings(client: Client = db): Promise<CareProgramSettings> {
  const row = await client.careProgramSetting.findUnique({ where: { id: 1 }, select: { values: true } });
  return settingsFromStored(row?.values ?? null);
}

export function settingsFromStored(values: unknown): CareProgramSettings {
  if (values === null || typeof values !== "object" || Array.isArray(values)) return defaultCareProgramSettings;
  const known = Object.keys(defaultCareProgramSettings);
  const stored = Object.fromEntries(
    Object.entries(values as Record<string, unknown>).filter(([k]) => known.includes(k)),
  );
  const whole = parseInput(careProgramSettingsSchema, stored);
  if (whole.success) return whole.data;
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stored)) {
    if (parseInput(careProgramSettingsSchema, { ...kept, [k]: v }).success) kept[k] = v;
    else logger.warn("care_program.settings.invalid_value", { key: k });
  }
  const partial = parseInput(careProgramSettingsSchema, kept);
  return partial.success ? partial.data : defaultCareProgramSettings;
}
