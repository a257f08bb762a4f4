import { describe, expect, it } from "vitest";
import {
  followUpNotice,
  groupOpenAlerts,
  selectAlertsToClose,
  type AlertOfPatient,
  type OpenAlertRow,
} from "./alert-groups";

const at = (minute: number) => new Date(Date.UTC(2026, 2, 9, 15, minute));
const row = (id: string, patientId: string, minute: number, item9Answer = 1): OpenAlertRow => ({
  id,
  patientId,
  item9Answer,
  createdAt: at(minute),
});

describe("groupOpenAlerts: one line per patient", () => {
  it.each<
    [
      string,
      OpenAlertRow[],
      { patientId: string; openCount: number; latest: string; highest: number; alertIds: string[] }[],
    ]
  >([
    ["no alerts", [], []],
    [
      "one alert",
      [row("a1", "p1", 0, 2)],
      [{ patientId: "p1", openCount: 1, latest: "a1", highest: 2, alertIds: ["a1"] }],
    ],
    [
      "one patient, two PHQ-9 answers with item 9 > 0 (the clinic's case): one group of 2",
      [row("a1", "p1", 0, 1), row("a2", "p1", 30, 2)],
      [{ patientId: "p1", openCount: 2, latest: "a2", highest: 2, alertIds: ["a1", "a2"] }],
    ],
    [
      "the latest answer is the newest, whatever the input order; the highest is kept",
      [row("a2", "p1", 30, 1), row("a1", "p1", 0, 3), row("a3", "p1", 10, 2)],
      [{ patientId: "p1", openCount: 3, latest: "a2", highest: 3, alertIds: ["a1", "a3", "a2"] }],
    ],
    [
      "two patients: the one waiting longest (oldest open alert) first",
      [row("b1", "p2", 5), row("a1", "p1", 20), row("b2", "p2", 40, 3)],
      [
        { patientId: "p2", openCount: 2, latest: "b2", highest: 3, alertIds: ["b1", "b2"] },
        { patientId: "p1", openCount: 1, latest: "a1", highest: 1, alertIds: ["a1"] },
      ],
    ],
    [
      "same time: ordered by id, so the order is stable",
      [row("z", "p9", 0), row("y", "p8", 0)],
      [
        { patientId: "p8", openCount: 1, latest: "y", highest: 1, alertIds: ["y"] },
        { patientId: "p9", openCount: 1, latest: "z", highest: 1, alertIds: ["z"] },
      ],
    ],
  ])("%s", (_name, rows, expected) => {
    const groups = groupOpenAlerts(rows);
    expect(
      groups.map((g) => ({
        patientId: g.patientId,
        openCount: g.openCount,
        latest: g.latest.id,
        highest: g.highestItem9Answer,
        alertIds: g.alertIds,
      })),
    ).toEqual(expected);
    // Every open alert is in exactly one group: none is lost by grouping.
    expect(groups.reduce((n, g) => n + g.openCount, 0)).toBe(rows.length);
  });

  it("keeps the latest answer's value and time, and the oldest time", () => {
    const [g] = groupOpenAlerts([row("a1", "p1", 0, 3), row("a2", "p1", 45, 1)]);
    expect(g).toMatchObject({
      latest: { id: "a2", item9Answer: 1, createdAt: at(45) },
      oldestAt: at(0),
      highestItem9Answer: 3,
    });
  });
});

describe("selectAlertsToClose: one follow-up closes the alerts the clinician was shown", () => {
  const alerts: AlertOfPatient[] = [
    { id: "a1", patientId: "p1", status: "OPEN" },
    { id: "a2", patientId: "p1", status: "OPEN" },
    { id: "a3", patientId: "p1", status: "RESOLVED" },
    { id: "late", patientId: "p1", status: "OPEN" }, // raised after the page was shown: not listed
    { id: "b1", patientId: "p2", status: "OPEN" },
  ];
  it.each<[string, string, string[], ReturnType<typeof selectAlertsToClose>]>([
    ["both listed alerts of the patient", "a1", ["a1", "a2"], { kind: "close", ids: ["a1", "a2"] }],
    ["the alert itself is always included", "a2", ["a1"], { kind: "close", ids: ["a2", "a1"] }],
    ["nothing listed: only the alert the follow-up was opened from", "a1", [], { kind: "close", ids: ["a1"] }],
    [
      "an alert raised after the page was shown stays open (not listed)",
      "a1",
      ["a1", "a2"],
      { kind: "close", ids: ["a1", "a2"] },
    ],
    ["a listed alert already closed by a colleague is skipped", "a1", ["a1", "a3"], { kind: "close", ids: ["a1"] }],
    ["duplicates count once", "a1", ["a1", "a1", "a2", "a2"], { kind: "close", ids: ["a1", "a2"] }],
    ["all listed already closed", "a3", ["a3"], { kind: "already_closed" }],
    ["another patient's alert in the list: refused, nothing closed", "a1", ["a2", "b1"], { kind: "mismatch" }],
    ["an unknown alert in the list: refused", "a1", ["nope"], { kind: "mismatch" }],
    ["the alert itself does not exist", "nope", ["a1"], { kind: "mismatch" }],
  ])("%s", (_name, alertId, listed, expected) => {
    const got = selectAlertsToClose({ alertId, listed, alerts });
    expect(got).toEqual(expected);
    if (got.kind === "close") expect(got.ids).not.toContain("late");
  });
});

describe("followUpNotice", () => {
  it.each<[string | undefined, string]>([
    ["1", "Alert closed and follow-up recorded."],
    [undefined, "Alert closed and follow-up recorded."],
    ["junk", "Alert closed and follow-up recorded."],
    ["2", "2 open alerts of this patient closed by one follow-up, recorded on each."],
    ["9999", "Alert closed and follow-up recorded."],
  ])("%s -> %s", (raw, expected) => expect(followUpNotice(raw)).toBe(expected));
});
