import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

type Row = { name: string; n: number | null; at?: Date; extra?: object };
const columns = [
  { header: "name", value: (r: Row) => r.name },
  { header: "n", value: (r: Row) => r.n },
];

describe("toCsv", () => {
  it("writes a header line and one line per row, CRLF-terminated", () => {
    expect(toCsv([{ name: "Casa", n: 1 }], columns)).toBe("name,n\r\nCasa,1\r\n");
  });

  it("quotes commas, quotes and line breaks", () => {
    expect(toCsv([{ name: 'A, "B"\nC', n: null }], columns)).toBe('name,n\r\n"A, ""B""\nC",\r\n');
  });

  it("defuses text cells a spreadsheet would run as formulas, not negative numbers", () => {
    expect(toCsv([{ name: "=HYPERLINK(1)", n: -3 }], columns)).toBe(
      "name,n\r\n'=HYPERLINK(1),-3\r\n",
    );
  });

  it("writes dates as ISO and objects as JSON", () => {
    const csv = toCsv(
      [{ name: "x", n: 1, at: new Date("2026-01-02T03:04:05Z"), extra: { a: 1 } }],
      [
        { header: "at", value: (r: Row) => r.at },
        { header: "extra", value: (r: Row) => r.extra },
      ],
    );
    expect(csv).toBe('at,extra\r\n2026-01-02T03:04:05.000Z,"{""a"":1}"\r\n');
  });
});
