import { describe, expect, it } from "vitest";
import { z } from "zod";
import { clientListSpec } from "./api-schemas";
import {
  consoleCursorParam,
  consoleListQuery,
  consolePageParam,
  consoleUuidParam,
  listHref,
  parseConsoleParams,
} from "./console-list";

const filterParams = { q: "search", status: "status", country: "country_code" };

describe("console list state from the URL", () => {
  it("reads search, filters, sort and page", () => {
    const query = consoleListQuery(
      clientListSpec,
      { q: "casa", status: "active", country: "BR", sort: "name", page: "3" },
      filterParams,
    );
    expect(query).toEqual({
      limit: 25,
      offset: 50,
      sort: "name",
      sortField: "name",
      descending: false,
      filters: { search: "casa", status: "active", country_code: "BR" },
    });
  });

  it("falls back to defaults for a bad sort, page or filter value instead of failing", () => {
    const query = consoleListQuery(
      clientListSpec,
      { sort: "-password", page: "-4", status: "gone", q: "ok" },
      filterParams,
    );
    expect(query).toMatchObject({ offset: 0, sort: "-created_at", filters: { search: "ok" } });
  });

  it("builds links that keep the other parameters and reset the page", () => {
    expect(listHref("/clients", { q: "casa", page: "2" }, { sort: "-name" })).toBe(
      "/clients?q=casa&sort=-name",
    );
    expect(listHref("/clients", { q: "casa" }, { page: "2" })).toBe("/clients?q=casa&page=2");
    expect(listHref("/clients", { q: "casa" }, { q: undefined })).toBe("/clients");
  });
});

describe("a console page's own parameters", () => {
  const schema = z.object({ kind: z.enum(["a", "b"]), page: consolePageParam });

  it("parses each parameter on its own and drops the bad ones", () => {
    expect(parseConsoleParams(schema, { kind: "a", page: "2" })).toEqual({ kind: "a", page: 2 });
    expect(parseConsoleParams(schema, { kind: "c", page: "2" })).toEqual({ page: 2 });
    expect(parseConsoleParams(schema, { kind: ["b", "a"], page: "zero" })).toEqual({ kind: "b" });
    expect(parseConsoleParams(schema, { kind: "", other: "x" })).toEqual({});
  });
});

describe("the console's row and cursor parameters", () => {
  const ID = "0b6f3a5e-2c1d-4e8f-9a7b-1c2d3e4f5a6b";

  it("takes a uuid in either case, nothing else", () => {
    expect(consoleUuidParam.safeParse(ID).success).toBe(true);
    expect(consoleUuidParam.safeParse(ID.toUpperCase()).success).toBe(true);
    expect(consoleUuidParam.safeParse(`${ID}x`).success).toBe(false);
  });

  it("reads a keyset cursor `<ISO time>|<uuid>` and refuses anything else", () => {
    expect(consoleCursorParam.safeParse(`2026-02-10T12:00:00.000Z|${ID}`).data).toEqual({
      at: new Date("2026-02-10T12:00:00.000Z"),
      id: ID,
    });
    for (const bad of [ID, `soon|${ID}`, "2026-02-10T12:00:00Z|x", `2026-02-10|${ID}|${ID}`]) {
      expect(consoleCursorParam.safeParse(bad).success, bad).toBe(false);
    }
  });
});
