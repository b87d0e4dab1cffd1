import { describe, expect, it } from "vitest";
import { definitionFromForm, type TemplateForm } from "./form";
import { formValuesFromTemplate } from "./form-prefill";

const template = (components: Record<string, unknown>[]) => ({
  name: "table_ready",
  language: "pt_BR",
  category: "UTILITY",
  components,
});

describe("the console form prefilled from a template", () => {
  it("gives back every field, examples included, and submitting it unchanged sends the same template", () => {
    const components = [
      { type: "HEADER", format: "TEXT", text: "Table {{1}}", example: { header_text: ["7"] } },
      {
        type: "BODY",
        text: "Hello {{1}}, your table for {{2}} is ready.",
        example: { body_text: [["Ana", "two"]] },
      },
      { type: "FOOTER", text: "Casa Tito" },
      {
        type: "BUTTONS",
        buttons: [
          { type: "QUICK_REPLY", text: "On my way" },
          { type: "QUICK_REPLY", text: "Cancel" },
          {
            type: "URL",
            text: "Menu",
            url: "https://tito.example/m/{{1}}",
            example: ["https://tito.example/m/7"],
          },
          { type: "PHONE_NUMBER", text: "Call us", phone_number: "+5511999990000" },
          { type: "COPY_CODE", example: "TITO10" },
        ],
      },
    ];
    const values = formValuesFromTemplate(template(components));
    expect(values).toMatchObject({
      name: "table_ready",
      language: "pt_BR",
      category: "UTILITY",
      header: "Table {{1}}",
      example_header_1: "7",
      body: "Hello {{1}}, your table for {{2}} is ready.",
      example_1: "Ana",
      example_2: "two",
      footer: "Casa Tito",
      quickReplies: "On my way, Cancel",
      urlText: "Menu",
      url: "https://tito.example/m/{{1}}",
      example_url: "https://tito.example/m/7",
      phoneText: "Call us",
      phone: "+5511999990000",
      copyCode: "TITO10",
    });
    expect(definitionFromForm(values as unknown as TemplateForm).components).toEqual(components);
  });

  it("keeps named parameters and their examples", () => {
    const values = formValuesFromTemplate(
      template([
        {
          type: "BODY",
          text: "Hello {{first_name}}, your table is ready.",
          example: { body_text_named_params: [{ param_name: "first_name", example: "Ana" }] },
        },
      ]),
    );
    expect(values).toMatchObject({ example_first_name: "Ana" });
  });

  it("gives nothing for a template the form cannot show whole", () => {
    const bodyOnly = { type: "BODY", text: "Your order is ready." };
    for (const extra of [
      { type: "HEADER", format: "IMAGE", example: { header_handle: ["h"] } },
      {
        type: "BUTTONS",
        buttons: [
          { type: "URL", text: "A", url: "https://a.example" },
          { type: "URL", text: "B", url: "https://b.example" },
        ],
      },
      // Buttons in an order the form would change.
      {
        type: "BUTTONS",
        buttons: [
          { type: "PHONE_NUMBER", text: "Call", phone_number: "+5511999990000" },
          { type: "QUICK_REPLY", text: "Yes" },
        ],
      },
      { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Yes, please" }] },
      { type: "CAROUSEL", cards: [] },
    ]) {
      expect(formValuesFromTemplate(template([extra, bodyOnly]))).toBeNull();
    }
    expect(formValuesFromTemplate(template([bodyOnly]))).toMatchObject({ body: bodyOnly.text });
  });
});
