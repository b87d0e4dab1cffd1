import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listEnvelope, parseListQuery } from "./list-query";

const spec = {
  filters: z.object({
    status: z.enum(["active", "archived"]).optional(),
    name: z.string().optional(),
  }),
  sortFields: ["created_at", "name"] as const,
  defaultSort: "-created_at",
};

const parse = (query: string) => parseListQuery(spec, new URLSearchParams(query));

describe("parseListQuery", () => {
  it("defaults to 20 items from the start, newest first, no filters", () => {
    expect(parse("")).toEqual({
      limit: 20,
      offset: 0,
      sort: "-created_at",
      sortField: "created_at",
      descending: true,
      filters: {},
    });
  });

  it("reads limit, offset, an ascending sort and JSON filters", () => {
    expect(
      parse(`limit=5&offset=10&sort=name&filters=${encodeURIComponent('{"status":"active"}')}`),
    ).toEqual({
      limit: 5,
      offset: 10,
      sort: "name",
      sortField: "name",
      descending: false,
      filters: { status: "active" },
    });
  });

  it.each([
    ["limit above 100", "limit=101", "limit"],
    ["limit of zero", "limit=0", "limit"],
    ["negative offset", "offset=-1", "offset"],
    ["unknown sort field", "sort=-password", "sort"],
    ["filters that are not JSON", "filters=%7Bstatus", "filters"],
    ["an unknown filter field", `filters=${encodeURIComponent('{"colour":"red"}')}`, "filters"],
    [
      "a filter of the wrong type",
      `filters=${encodeURIComponent('{"status":"gone"}')}`,
      "filters.status",
    ],
  ])("refuses %s", (_, query, path) => {
    try {
      parse(query);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(z.ZodError);
      expect((error as z.ZodError).issues[0]!.path.join(".")).toBe(path);
    }
  });

  it("wraps items in the envelope with count and the echoed query", () => {
    const query = parse("limit=2");
    expect(listEnvelope("clients", query, [{ id: 1 }], 7)).toEqual({
      count: 1,
      total: 7,
      limit: 2,
      offset: 0,
      filters: {},
      sort: "-created_at",
      clients: [{ id: 1 }],
    });
  });
});
