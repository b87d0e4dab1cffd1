import { describe, expect, it } from "vitest";
import { missingPlaceholders, placeholderLabel, trimmedValues } from "./template-message";

describe("a template's placeholders in the composer", () => {
  it("lists the placeholders still empty, blanks included", () => {
    const parameters = [
      { component: "body" as const, key: "1", example: null },
      { component: "body" as const, key: "2", example: null },
      { component: "button" as const, index: 0, key: "1", example: null },
    ];
    expect(
      missingPlaceholders(parameters, { "body.1": "ok", "body.2": "  ", "button.0.1": "x" }),
    ).toEqual([parameters[1]]);
  });

  it("names placeholders for people", () => {
    expect(placeholderLabel({ component: "button", index: 0, key: "1", example: null })).toBe(
      "Button 1 {{1}}",
    );
    expect(placeholderLabel({ component: "header", key: "name", example: null })).toBe(
      "Header {{name}}",
    );
  });

  it("sends values without stray spaces", () => {
    expect(trimmedValues({ "body.1": "  A-1029 " })).toEqual({ "body.1": "A-1029" });
  });
});
