import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db";
import { bookedSqlOf, dispatchVisitEvent, type VisitEvent, type VisitEventSubscriber } from "./visit-events";

const tx = {} as Tx;
const finished: VisitEvent = { type: "visit.finished", visitId: "v1", now: new Date("2026-12-02T10:00:00Z") };
const switched: VisitEvent = {
  type: "visit.modality-switched",
  visitId: "v1",
  modality: "PHONE",
  phoneNumber: "+12065550150",
};

describe("dispatchVisitEvent", () => {
  it.each([
    ["a handler for the type runs, in the order listed", finished, ["a:finished", "b:finished"]],
    ["a subscriber without a handler for the type is skipped", switched, ["a:switched"]],
  ] as const)("%s", async (_label, event, want) => {
    const seen: string[] = [];
    const subs: VisitEventSubscriber[] = [
      {
        name: "a",
        on: {
          "visit.finished": async () => void seen.push("a:finished"),
          "visit.modality-switched": async () => void seen.push("a:switched"),
        },
      },
      { name: "b", on: { "visit.finished": async () => void seen.push("b:finished") } },
      { name: "c" },
    ];
    await dispatchVisitEvent(subs, tx, event);
    expect(seen).toEqual(want);
  });

  it("stops at the first handler that throws (the caller's transaction rolls back)", async () => {
    const seen: string[] = [];
    const subs: VisitEventSubscriber[] = [
      {
        name: "a",
        on: {
          "visit.finished": async () => {
            throw new Error("refused");
          },
        },
      },
      { name: "b", on: { "visit.finished": async () => void seen.push("b") } },
    ];
    await expect(dispatchVisitEvent(subs, tx, finished)).rejects.toThrow("refused");
    expect(seen).toEqual([]);
  });
});

describe("bookedSqlOf", () => {
  it("collects the booking statement's parts from the subscribers that have one", () => {
    const subs: VisitEventSubscriber[] = [
      { name: "a", bookedSql: () => Prisma.sql`a_cte AS (SELECT 1)` },
      { name: "b" },
    ];
    const parts = bookedSqlOf(subs, {
      patientId: "p",
      visits: [],
      now: new Date(),
      actor: { userId: "u", role: "COORDINATOR", name: "C", email: "c@x" } as never,
      ctx: { ip: null, requestId: "r", userAgent: null } as never,
    });
    expect(parts.map((p) => p.sql)).toEqual(["a_cte AS (SELECT 1)"]);
  });
});
