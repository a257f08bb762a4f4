import { describe, expect, it } from "vitest";
import { mergeRoster } from "./roster-merge";

type P = { id: string; rev: number; state: string };
const roster = (
  status: string,
  participants: P[],
  over: { modality?: "VIDEO" | "PHONE"; startedAt?: string | null } = {},
) => ({
  status,
  modality: over.modality ?? ("VIDEO" as const),
  startedAt: over.startedAt ?? null,
  completedAt: null as string | null,
  participants,
});
const doc = (rev: number, state = "ADMITTED"): P => ({ id: "a-doc", rev, state });
const pat = (rev: number, state: string): P => ({ id: "b-pat", rev, state });
const ana = (rev: number, state: string): P => ({ id: "c-ana", rev, state });

describe("merging rosters that arrive out of order", () => {
  it("takes the first roster as is", () => {
    const r = roster("CHECKED_IN", [doc(1), pat(1, "WAITING")]);
    expect(mergeRoster(null, r)).toBe(r);
  });

  it("keeps the newer entry of each participant whatever the arrival order", () => {
    const newer = roster("IN_PROGRESS", [doc(1), pat(2, "ADMITTED"), ana(1, "WAITING")]);
    const older = roster("CHECKED_IN", [doc(1), pat(1, "WAITING")]);
    const merged = mergeRoster(newer, older);
    expect(merged.participants).toEqual([doc(1), pat(2, "ADMITTED"), ana(1, "WAITING")]);
    expect(merged.status).toBe("IN_PROGRESS");
  });

  it("two concurrent changes, each roster seeing only its own: both survive", () => {
    // Admitting Ana and the patient leaving committed at the same time.
    const base = roster("IN_PROGRESS", [doc(1), pat(2, "ADMITTED"), ana(1, "WAITING")]);
    const fromAdmit = roster("IN_PROGRESS", [doc(1), pat(2, "ADMITTED"), ana(2, "ADMITTED")]);
    const fromLeave = roster("IN_PROGRESS", [doc(1), pat(3, "LEFT"), ana(1, "WAITING")]);
    for (const [x, y] of [
      [fromAdmit, fromLeave],
      [fromLeave, fromAdmit],
    ]) {
      const merged = mergeRoster(mergeRoster(base, x!), y!);
      expect(merged.participants).toEqual([doc(1), pat(3, "LEFT"), ana(2, "ADMITTED")]);
    }
  });

  it.each([
    ["CHECKED_IN", "IN_PROGRESS", "IN_PROGRESS"],
    ["IN_PROGRESS", "CHECKED_IN", "IN_PROGRESS"],
    ["IN_PROGRESS", "COMPLETED", "COMPLETED"],
    ["COMPLETED", "IN_PROGRESS", "COMPLETED"],
    ["SCHEDULED", "CHECKED_IN", "CHECKED_IN"],
  ])("visit status %s then %s -> %s", (a, b, want) => {
    expect(mergeRoster(roster(a, [doc(1)]), roster(b, [doc(1)])).status).toBe(want);
  });

  it("a stale roster does not lose the start time", () => {
    const started = roster("IN_PROGRESS", [doc(1)], { startedAt: "2026-11-29T10:00:00.000Z" });
    expect(mergeRoster(started, roster("CHECKED_IN", [doc(1)])).startedAt).toBe("2026-11-29T10:00:00.000Z");
  });

  it("a switch to phone is final for the room", () => {
    const phone = roster("IN_PROGRESS", [doc(2, "LEFT")], { modality: "PHONE" });
    expect(mergeRoster(phone, roster("IN_PROGRESS", [doc(1)])).modality).toBe("PHONE");
    expect(mergeRoster(roster("IN_PROGRESS", [doc(1)]), phone).modality).toBe("PHONE");
  });
});
