import { describe, expect, it } from "vitest";
import { auditEntityTypes, offeredEntityTypes } from "./vocabulary";

describe("offeredEntityTypes", () => {
  it("offers every type the code writes even before the log holds any", () => {
    expect(offeredEntityTypes([])).toEqual([...auditEntityTypes].sort());
    expect(offeredEntityTypes([]).length).toBeGreaterThan(5);
  });
  it.each<[string, string[], string[]]>([
    ["a type an older version wrote is offered too", ["LegacyThing"], ["LegacyThing"]],
    ["each type once", ["Visit", "Visit"], []],
    ["nothing that is not a type's shape", ["Bad type;--", ""], []],
  ])("%s", (_name, inLog, extra) => {
    const got = offeredEntityTypes(inLog);
    expect(got).toEqual([...new Set([...auditEntityTypes, ...extra])].sort());
    expect(new Set(got).size).toBe(got.length);
  });
});
