import { describe, expect, it } from "vitest";
import {
  approveInstrumentTranslation,
  getApprovedTranslation,
  importInstrumentTranslation,
} from "@/modules/assessments/instrument-translations.server";
import { instruments } from "@/modules/assessments/core/instruments";
import type { TranslationText } from "@/modules/assessments/core/instrument-translation";
import { db } from "@/server/db";
import { actorFor, ctx, isForbidden, makeUser } from "../factories";

/**
 * The import-and-approve path for instrument translations (docs/decisions/i18n.md): an admin
 * imports the published text with its source, a different clinician approves it, and only an
 * approved one is offered. The wording below is placeholder test text, not a translation.
 */
const text = (): TranslationText => ({
  stem: "S",
  items: Object.fromEntries(
    instruments.PHQ9.items.map((i) => [
      i.id,
      { text: `T${i.number}`, options: Object.fromEntries(i.options.map((o) => [String(o.value), `A${o.value}`])) },
    ]),
  ),
});
const input = (version: string) => ({
  instrument: "PHQ9" as const,
  language: "xx",
  version,
  sourceCitation: "Test source for the import path (not a real translation)",
  text: text(),
});
const user = async (role: "ADMIN" | "CLINICIAN" | "COORDINATOR") =>
  actorFor({ ...(await makeUser(role)), patientId: null });

describe("instrument translations", () => {
  it("imported by an admin, unavailable until a clinician approves it, audited both times", async () => {
    const admin = await user("ADMIN");
    const clinician = await user("CLINICIAN");
    const v = `v-${Date.now()}`;
    const { id } = await importInstrumentTranslation(admin, input(v), ctx());
    expect(await getApprovedTranslation("PHQ9", "xx")).toBeNull();
    await approveInstrumentTranslation(clinician, id, ctx());
    const approved = await getApprovedTranslation("PHQ9", "xx");
    expect(approved?.version).toBe(v);
    expect(approved?.text.items[instruments.PHQ9.items[0]!.id]?.text).toBe("T1");
    const audits = await db.auditEvent.findMany({ where: { entityType: "InstrumentTranslation", entityId: id } });
    expect(audits.map((a) => a.action).sort()).toEqual(["CREATE", "UPDATE"]);
  });

  it("refuses other roles, an incomplete text, a second import of a version, an admin approving, and a second approval", async () => {
    const admin = await user("ADMIN");
    const coordinator = await user("COORDINATOR");
    const v = `w-${Date.now()}`;
    await expect(importInstrumentTranslation(coordinator, input(v), ctx())).rejects.toSatisfy(isForbidden);
    const bad = input(v);
    delete bad.text.items[instruments.PHQ9.items[0]!.id];
    await expect(importInstrumentTranslation(admin, bad, ctx())).rejects.toThrow("Question 1 has no text.");
    const { id } = await importInstrumentTranslation(admin, input(v), ctx());
    await expect(importInstrumentTranslation(admin, input(v), ctx())).rejects.toThrow("already imported");
    await expect(approveInstrumentTranslation(admin, id, ctx())).rejects.toSatisfy(isForbidden);
    const clinicianAdmin = await user("CLINICIAN");
    await approveInstrumentTranslation(clinicianAdmin, id, ctx());
    await expect(approveInstrumentTranslation(clinicianAdmin, id, ctx())).rejects.toThrow("already approved");
  });
});
