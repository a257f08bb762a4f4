import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("csvCell", () => {
  it.each<[string | number | null | undefined, string]>([
    ["plain", "plain"],
    [null, ""],
    [undefined, ""],
    [42, "42"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ['{"reason":"forbidden","x":1}', '"{""reason"":""forbidden"",""x"":1}"'],
    // Spreadsheet formulas never run (OWASP CSV injection).
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["a=b", "a=b"],
  ])("%j -> %s", (value, expected) => expect(csvCell(value)).toBe(expected));
});

describe("toCsv", () => {
  it("writes a header and rows with CRLF line ends", () => {
    expect(
      toCsv(
        ["id", "note"],
        [
          ["1", "a,b"],
          ["2", null],
        ],
      ),
    ).toBe('id,note\r\n1,"a,b"\r\n2,\r\n');
  });
  it("a header alone when there are no rows", () => expect(toCsv(["id"], [])).toBe("id\r\n"));
});
