import { describe, expect, it } from "vitest";
import { cdc2022, latestBy, on, SIX_BUILDING_BLOCKS_URL } from "./rule-support";

describe("latest record", () => {
  const r = (id: string, on: string) => ({ id, on });
  it.each([
    ["none", [], null],
    ["one", [r("a", "2026-01-01")], "a"],
    ["the latest, whatever the order", [r("a", "2026-03-01"), r("b", "2026-01-01"), r("c", "2026-02-01")], "a"],
    ["the same day: the later in the list", [r("a", "2026-01-01"), r("b", "2026-01-01")], "b"],
  ])("%s", (_label, xs, id) => {
    expect(latestBy(xs, (x) => x.on)?.id ?? null).toBe(id);
  });
});

describe("sources and dates in words", () => {
  it("cites the CDC 2022 guideline with the recommendation", () => {
    expect(cdc2022("Recommendation 9")).toEqual({
      citation:
        "CDC Clinical Practice Guideline for Prescribing Opioids for Pain - United States, 2022 (MMWR Recomm Rep 2022;71(RR-3)), Recommendation 9",
      url: "https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm",
    });
    expect(SIX_BUILDING_BLOCKS_URL).toBe("https://www.improvingopioidcare.org");
  });
  it.each([
    ["2026-01-05", "Jan 5, 2026"],
    ["2025-12-31", "Dec 31, 2025"],
  ])("%s reads %s", (d, words) => expect(on(d)).toBe(words));
});
