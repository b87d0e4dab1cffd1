import { describe, expect, it } from "vitest";
import { parseChannelTemplatesSearch } from "./search-params";

const TEMPLATE = "0b6f3a5e-2c1d-4e8f-9a7b-1c2d3e4f5a6b";

describe("the channel Templates tab's search params", () => {
  it("reads the template being edited", () => {
    expect(parseChannelTemplatesSearch({ edit: TEMPLATE })).toEqual({ edit: TEMPLATE });
    expect(parseChannelTemplatesSearch({ edit: [TEMPLATE, "x"] })).toEqual({ edit: TEMPLATE });
  });

  it("drops a missing, empty or malformed id (the create form shows instead)", () => {
    expect(parseChannelTemplatesSearch({})).toEqual({});
    expect(parseChannelTemplatesSearch({ edit: "" })).toEqual({});
    expect(parseChannelTemplatesSearch({ edit: "1; drop table x" })).toEqual({});
    expect(parseChannelTemplatesSearch({ edit: "hello_world" })).toEqual({});
  });
});
