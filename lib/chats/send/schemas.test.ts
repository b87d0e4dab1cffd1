import { describe, expect, it } from "vitest";
import { normaliseWaId, outgoingPayload, sendBodySchema } from "./schemas";
import {
  buildTemplateMessage,
  parameterId,
  renderTemplateText,
  templateParameters,
  templateTextFromSend,
} from "./templates";

describe("normaliseWaId", () => {
  it.each([
    ["+55 11 98765-0001", "5511987650001"],
    ["5511987650001", "5511987650001"],
    ["+1 (650) 555-0001", "16505550001"],
    ["12", null],
    ["call me", null],
  ])("%s -> %s", (input, expected) => {
    expect(normaliseWaId(input)).toBe(expected);
  });
});

describe("sendBodySchema", () => {
  it("defaults the type to text, as Meta does, and strips the envelope for Meta", () => {
    const body = sendBodySchema.parse({
      messaging_product: "whatsapp",
      to: "+5511987650001",
      text: { body: "hi" },
      context: { message_id: "wamid.1" },
      dry_run: true,
    });
    expect(body).toMatchObject({ type: "text", to: "5511987650001", dry_run: true });
    expect(outgoingPayload(body)).toEqual({
      type: "text",
      text: { body: "hi" },
      context: { message_id: "wamid.1" },
    });
  });

  it("wants exactly one of id and link for media, and refuses unknown fields", () => {
    const both = sendBodySchema.safeParse({
      to: "5511987650001",
      type: "image",
      image: { id: "1", link: "https://x.example/a.png" },
    });
    expect(both.success).toBe(false);
    const extra = sendBodySchema.safeParse({
      to: "5511987650001",
      type: "text",
      text: { body: "hi" },
      colour: "red",
    });
    expect(extra.success).toBe(false);
  });

  it("addresses a username-only customer by BSUID (recipient); to wins when both are given", () => {
    const byBsuid = sendBodySchema.parse({
      recipient: "BR.1502576394655843",
      text: { body: "hi" },
    });
    expect(byBsuid.to).toBe("BR.1502576394655843");
    expect(outgoingPayload(byBsuid)).toEqual({ type: "text", text: { body: "hi" } });
    const both = sendBodySchema.parse({
      to: "+55 11 98765-0001",
      recipient: "BR.1502576394655843",
      text: { body: "hi" },
    });
    expect(both.to).toBe("5511987650001");
    expect(
      sendBodySchema.parse({ recipient: "US.ENT.11815799212886844830", text: { body: "x" } }).to,
    ).toBe("US.ENT.11815799212886844830");
  });

  it("says which field is wrong: no addressee, or a recipient that is not a BSUID", () => {
    const none = sendBodySchema.safeParse({ text: { body: "hi" } });
    expect(none.success).toBe(false);
    expect(none.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["to", expect.stringContaining("recipient")],
    ]);
    const bad = sendBodySchema.safeParse({ recipient: "5511987650001", text: { body: "hi" } });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["recipient"]);
  });
});

const orderUpdate = {
  name: "order_update",
  language: "en_US",
  category: "UTILITY",
  components: [
    { type: "HEADER", format: "TEXT", text: "Hi {{name}}" },
    {
      type: "BODY",
      text: "Your order {{1}} ships {{2}}.",
      example: { body_text: [["#1", "today"]] },
    },
    { type: "BUTTONS", buttons: [{ type: "URL", url: "https://shop.example/{{1}}" }] },
  ],
};

describe("templates", () => {
  it("lists the values a template needs, builds the send and renders its text", () => {
    const params = templateParameters(orderUpdate);
    expect(params.map(parameterId)).toEqual(["header.name", "body.1", "body.2", "button.0.1"]);
    expect(params[1]!.example).toBe("#1");
    const values = {
      "header.name": "Rita",
      "body.1": "#4711",
      "body.2": "tomorrow",
      "button.0.1": "4711",
    };
    const message = buildTemplateMessage(orderUpdate, values);
    expect(message.template.components).toEqual([
      { type: "header", parameters: [{ type: "text", text: "Rita", parameter_name: "name" }] },
      {
        type: "body",
        parameters: [
          { type: "text", text: "#4711" },
          { type: "text", text: "tomorrow" },
        ],
      },
      { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "4711" }] },
    ]);
    expect(renderTemplateText(orderUpdate, values)).toEqual({
      header: "Hi Rita",
      body: "Your order #4711 ships tomorrow.",
    });
    expect(templateTextFromSend(orderUpdate, message.template)).toBe(
      "Hi Rita\nYour order #4711 ships tomorrow.",
    );
    expect(sendBodySchema.safeParse({ to: "5511987650001", ...message }).success).toBe(true);
  });
});
