import { describe, expect, it } from "vitest";
import { templateDefinitionSchema } from "./definition";

const valid = {
  name: "order_shipped",
  language: "en_US",
  category: "UTILITY",
  components: [
    { type: "HEADER", format: "TEXT", text: "Order {{1}}", example: { header_text: ["A-1"] } },
    {
      type: "BODY",
      text: "Hello {{1}}, your order {{2}} has shipped today.",
      example: { body_text: [["Ana", "A-1"]] },
    },
    { type: "FOOTER", text: "Reply STOP to opt out" },
    {
      type: "BUTTONS",
      buttons: [
        { type: "QUICK_REPLY", text: "Thanks" },
        {
          type: "URL",
          text: "Track",
          url: "https://shop.example/track/{{1}}",
          example: ["https://shop.example/track/A-1"],
        },
        { type: "PHONE_NUMBER", text: "Call us", phone_number: "+5511999990000" },
        { type: "COPY_CODE", example: "SAVE10" },
      ],
    },
  ],
};

function problems(input: unknown): string[] {
  const result = templateDefinitionSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

const withBody = (body: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...valid,
  ...extra,
  components: [{ type: "BODY", ...body }],
});

describe("template definitions follow Meta's rules", () => {
  it("accepts a template with header, body, footer and all four button kinds", () => {
    expect(problems(valid)).toEqual([]);
  });

  it("accepts named parameters with their examples", () => {
    expect(
      problems(
        withBody({
          text: "Hello {{first_name}}, your table is booked for tonight.",
          example: { body_text_named_params: [{ param_name: "first_name", example: "Ana" }] },
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    ["a name with capitals", { ...valid, name: "Order Shipped" }, "Lower-case letters"],
    ["no body", { ...valid, components: [{ type: "FOOTER", text: "x" }] }, "needs a body"],
    [
      "a body longer than 1,024 characters",
      withBody({ text: `Hi ${"a".repeat(1030)}` }),
      "at most 1,024",
    ],
    [
      "a gap in the numbered parameters",
      withBody({
        text: "Hi {{1}} and welcome to {{3}} today.",
        example: { body_text: [["a", "b"]] },
      }),
      "without gaps",
    ],
    [
      "a missing example",
      withBody({ text: "Hi {{1}}, your order has shipped." }),
      "one example value per parameter",
    ],
    [
      "a body that starts with a parameter",
      withBody({ text: "{{1}} is your code for today.", example: { body_text: [["1"]] } }),
      "cannot start or end",
    ],
    [
      "numbered and named parameters mixed",
      withBody({ text: "Hi {{1}}, meet {{friend}} at the shop.", example: { body_text: [["a"]] } }),
      "not both",
    ],
    [
      "a named parameter without example",
      withBody({ text: "Hi {{name}}, welcome to the shop." }),
      "{{name}}",
    ],
    [
      "a footer with a parameter",
      { ...valid, components: [valid.components[1], { type: "FOOTER", text: "Bye {{1}}" }] },
      "footer cannot have parameters",
    ],
    [
      "a button text over 25 characters",
      {
        ...valid,
        components: [
          valid.components[1],
          { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "x".repeat(26) }] },
        ],
      },
      "at most 25",
    ],
    [
      "a URL with a parameter in the middle",
      {
        ...valid,
        components: [
          valid.components[1],
          {
            type: "BUTTONS",
            buttons: [
              {
                type: "URL",
                text: "Go",
                url: "https://x.example/{{1}}/a",
                example: ["https://x.example/1/a"],
              },
            ],
          },
        ],
      },
      "end with one parameter",
    ],
    [
      "an image header without a sample",
      { ...valid, components: [{ type: "HEADER", format: "IMAGE" }, valid.components[1]] },
      "needs a sample",
    ],
    [
      "an unknown category",
      { ...valid, category: "PROMO" },
      "MARKETING, UTILITY or AUTHENTICATION",
    ],
  ])("refuses %s, saying what to change", (_label, input, expected) => {
    expect(problems(input).join(" | ")).toContain(expected);
  });
});
