import { describe, expect, it } from "vitest";
import { describeError, dueJobs, jobHealth, nextRunAfter, type JobDefinition, type JobRecord } from "./schedule";

const T = new Date("2026-12-02T12:00:00Z");
const s = (n: number) => new Date(T.getTime() + n * 1000);
const job = (name: string, everySeconds: number): JobDefinition => ({ name, description: name, everySeconds });
const rec = (name: string, over: Partial<JobRecord> = {}): JobRecord => ({
  name,
  lastStartedAt: null,
  lastFinishedAt: null,
  lastOk: null,
  lastError: null,
  nextRunAt: null,
  runs: 0,
  failures: 0,
  consecutiveFailures: 0,
  ...over,
});

describe("dueJobs", () => {
  const jobs = [job("a", 60), job("b", 3600), job("off", 0)];
  it.each<[string, JobRecord[], string[]]>([
    ["nothing recorded: every job that is on", [], ["a", "b"]],
    [
      "next run exactly now is due",
      [rec("a", { nextRunAt: T, runs: 1 }), rec("b", { nextRunAt: s(1), runs: 1 })],
      ["a"],
    ],
    [
      "next run one second ahead is not",
      [rec("a", { nextRunAt: s(1), runs: 1 }), rec("b", { nextRunAt: s(10), runs: 1 })],
      [],
    ],
    [
      "overdue long ago runs once (not once per missed interval)",
      [rec("a", { nextRunAt: s(-86_400), runs: 3 }), rec("b", { nextRunAt: s(5), runs: 1 })],
      ["a"],
    ],
    ["a record of an unknown job is ignored", [rec("gone", { nextRunAt: s(-1) })], ["a", "b"]],
    [
      "an off job never runs, whatever its record says",
      [rec("off", { nextRunAt: s(-1) }), rec("a", { nextRunAt: s(9) }), rec("b", { nextRunAt: s(9) })],
      [],
    ],
  ])("%s", (_n, records, want) => {
    expect(dueJobs(jobs, records, T).map((j) => j.name)).toEqual(want);
  });
});

describe("nextRunAfter", () => {
  it.each<[number, boolean, number]>([
    [60, true, 60],
    [60, false, 60],
    [3600, true, 3600],
    [3600, false, 300],
    [120, false, 120],
  ])("every %i s, ok=%s -> %i s later", (every, ok, after) => {
    expect(nextRunAfter(job("j", every), T, ok)).toEqual(s(after));
  });
});

describe("jobHealth", () => {
  const j = job("j", 60);
  it.each<[string, JobDefinition, JobRecord | undefined, string]>([
    ["off", job("j", 0), rec("j", { lastOk: false, runs: 4 }), "off"],
    ["no record", j, undefined, "never_run"],
    ["recorded, not run, not yet late", j, rec("j", { nextRunAt: s(-119) }), "never_run"],
    ["recorded, not run, late", j, rec("j", { nextRunAt: s(-121) }), "late"],
    ["last run ok, on time", j, rec("j", { runs: 3, lastOk: true, nextRunAt: s(30) }), "ok"],
    [
      "last run ok, next run 120 s overdue is not late yet",
      j,
      rec("j", { runs: 3, lastOk: true, nextRunAt: s(-120) }),
      "ok",
    ],
    ["last run ok, next run 121 s overdue is late", j, rec("j", { runs: 3, lastOk: true, nextRunAt: s(-121) }), "late"],
    [
      "hourly job late after two intervals",
      job("h", 3600),
      rec("h", { runs: 3, lastOk: true, nextRunAt: s(-7201) }),
      "late",
    ],
    [
      "hourly job one interval overdue is not late",
      job("h", 3600),
      rec("h", { runs: 3, lastOk: true, nextRunAt: s(-3600) }),
      "ok",
    ],
    ["last run failed", j, rec("j", { runs: 3, lastOk: false, nextRunAt: s(30) }), "failing"],
  ])("%s", (_n, jd, r, want) => {
    expect(jobHealth(jd, r, T)).toBe(want);
  });
});

describe("describeError", () => {
  it.each<[unknown, string]>([
    [new TypeError("bad thing\nsecond line with data"), "TypeError: bad thing"],
    [new Error("x".repeat(500)), `Error: ${"x".repeat(160)}`],
    ["a string", "Error: unknown"],
    [null, "Error: unknown"],
  ])("%j", (e, want) => {
    expect(describeError(e)).toBe(want);
  });
});
