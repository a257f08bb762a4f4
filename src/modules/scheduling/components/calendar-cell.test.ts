import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { OpenDayDto } from "../list-open-time.server";
import { computeOpenTime, type ClinicianAvailability } from "../core/open-time";
import { zonedToUtc } from "../core/time";
import type { VisitListItem } from "../visit-rows.server";
import { CalendarCell } from "./calendar-cell";

// The grid cell as rendered from computeOpenTime's days (issue 10, D7): what a coordinator reads.
const NY = "America/New_York";

function cells(
  c: Omit<ClinicianAvailability, "clinicianId">,
  from: string,
  to: string,
  booked: [string, string, string][] = [],
  visits: VisitListItem[] = [],
): Record<string, string> {
  const at = (date: string, hhmm: string) =>
    zonedToUtc(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), NY).getTime();
  const [open] = computeOpenTime({
    clinicians: [{ clinicianId: "c1", ...c }],
    bookedByClinician: new Map([["c1", booked.map(([d, s, e]) => ({ start: at(d, s), end: at(d, e) }))]]),
    timeZone: NY,
    from,
    to,
    notBefore: new Date("2020-01-01T00:00:00Z"),
  });
  const iso = (i: { start: number; end: number }) => ({
    startsAt: new Date(i.start).toISOString(),
    endsAt: new Date(i.end).toISOString(),
  });
  return Object.fromEntries(
    open!.days.map((d) => {
      const dto: OpenDayDto = { date: d.date, working: d.working.map(iso), open: d.open.map(iso) };
      const html = renderToStaticMarkup(
        createElement(CalendarCell, {
          visits: visits.filter((v) => v.startsAt.startsWith(d.date)),
          open: dto,
          tz: NY,
          clinicianId: "c1",
          day: d.date,
        }),
      );
      return [
        d.date,
        html
          .replace(/<\/(li|a|div)>/g, " ")
          .replace(/<[^>]+>/g, "")
          .replace(/\s+/g, " ")
          .trim(),
      ];
    }),
  );
}

describe("schedule grid cell", () => {
  it("draws a block 22:00-02:00 on both days", () => {
    const overnight = {
      weekly: [
        { weekday: 1, startMinute: 22 * 60, endMinute: 24 * 60 },
        { weekday: 2, startMinute: 0, endMinute: 2 * 60 },
      ],
      exceptions: [],
    };
    expect(cells(overnight, "2026-01-12", "2026-01-13")).toEqual({
      "2026-01-12": "Free 10:00 PM–12:00 AM EST: book",
      "2026-01-13": "Free 12:00 AM–2:00 AM EST: book",
    });
  });

  it("names both zones of a free block over the fall-back hour", () => {
    const repeated = { weekly: [{ weekday: 7, startMinute: 60, endMinute: 2 * 60 }], exceptions: [] };
    expect(cells(repeated, "2026-11-01", "2026-11-01")).toEqual({ "2026-11-01": "Free 1:00 AM EDT–2:00 AM EST: book" });
  });

  it("says 'Not working' only on a day without working time; a fully booked day says so", () => {
    const mondays = { weekly: [{ weekday: 1, startMinute: 9 * 60, endMinute: 10 * 60 }], exceptions: [] };
    expect(cells(mondays, "2026-01-12", "2026-01-13", [["2026-01-12", "09:00", "10:00"]])).toEqual({
      "2026-01-12": "No free time left",
      "2026-01-13": "Not working",
    });
  });

  it("lists visits and free time in time order", () => {
    const mondays = { weekly: [{ weekday: 1, startMinute: 9 * 60, endMinute: 10 * 60 }], exceptions: [] };
    const visit: VisitListItem = {
      id: "v1",
      patientId: "p1",
      patientName: "Ana Diaz",
      patientAge: 50,
      clinicianId: "c1",
      clinicianName: "Dr. Lee",
      visitTypeName: "Follow-up",
      startsAt: "2026-01-12T14:00:00.000Z",
      endsAt: "2026-01-12T14:30:00.000Z",
      modality: "VIDEO",
      status: "SCHEDULED",
      phoneNumber: null,
      sequence: 0,
      seriesId: null,
    };
    expect(cells(mondays, "2026-01-12", "2026-01-12", [["2026-01-12", "09:00", "09:30"]], [visit])["2026-01-12"]).toBe(
      "9:00 AM EST, Ana Diaz Video Scheduled Free 9:30 AM–10:00 AM EST: book",
    );
  });
});
