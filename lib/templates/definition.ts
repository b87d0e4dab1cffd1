import { z } from "zod";

/**
 * A message template in Meta's own create shape, validated with Meta's rules before Meta sees it
 * (developers.facebook.com/docs/whatsapp/business-management-api/message-templates/components):
 * lengths, one body, placeholders numbered from {{1}} without gaps or named in snake_case (not
 * both), an example for every placeholder, no placeholder at the very start or end of the body,
 * at most 10 buttons. Pure: the hub, the Partner API and the sandbox (playing Meta) share it.
 */

export const templateCategories = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAMED = /^[a-z][a-z0-9_]*$/;
const POSITIONAL = /^[1-9][0-9]*$/;

export function placeholdersOf(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!.trim());
}

const namedParams = z.array(
  z.object({ param_name: z.string().min(1), example: z.string().min(1) }),
);

const headerSchema = z.looseObject({
  type: z.literal("HEADER"),
  format: z.enum(["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"]),
  text: z.string().min(1).max(60, "A header text has at most 60 characters.").optional(),
  example: z
    .looseObject({
      header_text: z.array(z.string().min(1)).optional(),
      header_text_named_params: namedParams.optional(),
      header_handle: z.array(z.string().min(1)).optional(),
    })
    .optional(),
});

const bodySchema = z.looseObject({
  type: z.literal("BODY"),
  text: z
    .string()
    .min(1, "The body needs text.")
    .max(1024, "The body has at most 1,024 characters."),
  example: z
    .looseObject({
      body_text: z.array(z.array(z.string().min(1))).optional(),
      body_text_named_params: namedParams.optional(),
    })
    .optional(),
});

const footerSchema = z.looseObject({
  type: z.literal("FOOTER"),
  text: z.string().min(1).max(60, "A footer has at most 60 characters."),
});

const buttonText = z.string().min(1).max(25, "A button's text has at most 25 characters.");
const buttonSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("QUICK_REPLY"), text: buttonText }),
  z.looseObject({
    type: z.literal("URL"),
    text: buttonText,
    url: z
      .string()
      .max(2000)
      .regex(/^https?:\/\/\S+$/, "A URL button needs an http(s) address."),
    example: z.array(z.string().min(1)).optional(),
  }),
  z.looseObject({
    type: z.literal("PHONE_NUMBER"),
    text: buttonText,
    phone_number: z.string().regex(/^\+?\d{6,20}$/, "A phone button needs a number, digits only."),
  }),
  z.looseObject({
    type: z.literal("COPY_CODE"),
    example: z.string().min(1).max(15, "A copy-code example has at most 15 characters."),
  }),
]);
const buttonsSchema = z.looseObject({
  type: z.literal("BUTTONS"),
  buttons: z.array(buttonSchema).min(1).max(10, "A template has at most 10 buttons."),
});

const componentSchema = z.discriminatedUnion("type", [
  headerSchema,
  bodySchema,
  footerSchema,
  buttonsSchema,
]);

export const templateDefinitionSchema = z
  .object({
    name: z
      .string()
      .min(1, "Give the template a name.")
      .max(512)
      .regex(/^[a-z0-9_]+$/, "Lower-case letters, digits and underscores only (Meta's rule)."),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "A language code such as en_US, pt_BR or de."),
    category: z.enum(templateCategories, "MARKETING, UTILITY or AUTHENTICATION."),
    parameter_format: z.enum(["POSITIONAL", "NAMED"]).optional(),
    allow_category_change: z.boolean().optional(),
    components: z.array(componentSchema).min(1, "A template needs a body."),
  })
  .superRefine((template, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const count = (type: string) => template.components.filter((c) => c.type === type).length;
    for (const type of ["HEADER", "BODY", "FOOTER", "BUTTONS"]) {
      if (count(type) > 1) issue(["components"], `Only one ${type.toLowerCase()} is allowed.`);
    }
    if (count("BODY") === 0) issue(["components"], "A template needs a body.");

    // One parameter format for the whole template, as Meta requires.
    const all = template.components.flatMap((c) =>
      c.type === "HEADER" || c.type === "BODY" ? placeholdersOf(c.text) : [],
    );
    const named = all.some((p) => !POSITIONAL.test(p));
    const format = template.parameter_format ?? (named ? "NAMED" : "POSITIONAL");
    if (!template.parameter_format && named && all.some((p) => POSITIONAL.test(p))) {
      issue(["components"], "Use numbered parameters {{1}}, {{2}}... or named ones, not both.");
    }
    for (const p of all) {
      if (!template.parameter_format && named && POSITIONAL.test(p)) continue;
      const ok = format === "NAMED" ? NAMED.test(p) : POSITIONAL.test(p);
      if (!ok) {
        issue(
          ["components"],
          format === "NAMED"
            ? `{{${p}}}: named parameters are lower-case letters, digits and underscores, starting with a letter.`
            : `{{${p}}}: use numbered parameters {{1}}, {{2}}... or named ones, not both.`,
        );
      }
    }

    template.components.forEach((component, index) => {
      const at = ["components", index];
      if (component.type === "HEADER") {
        if (component.format === "TEXT") {
          if (!component.text) issue([...at, "text"], "A text header needs text.");
          const params = placeholdersOf(component.text);
          if (params.length > 1) issue([...at, "text"], "A header has at most one parameter.");
          if (params.length === 1) {
            const examples =
              format === "NAMED"
                ? component.example?.header_text_named_params?.map((p) => p.example)
                : component.example?.header_text;
            if (!examples?.length)
              issue([...at, "example"], "Give an example value for the header's parameter.");
            if (format === "POSITIONAL" && params[0] !== "1")
              issue([...at, "text"], "The header's parameter is {{1}}.");
          }
        } else if (component.format !== "LOCATION" && !component.example?.header_handle?.length) {
          issue(
            [...at, "example"],
            `An ${component.format.toLowerCase()} header needs a sample (example.header_handle).`,
          );
        }
      }
      if (component.type === "BODY") {
        const text = component.text.trim();
        const params = placeholdersOf(text);
        if (/^\{\{[^{}]*\}\}/.test(text) || /\{\{[^{}]*\}\}[.!?]?$/.test(text)) {
          issue(
            [...at, "text"],
            "The body cannot start or end with a parameter: add words around it.",
          );
        }
        if (format === "POSITIONAL") {
          const numbers = [...new Set(params.map(Number))].sort((a, b) => a - b);
          numbers.forEach((n, i) => {
            if (n !== i + 1)
              issue([...at, "text"], "Number the parameters {{1}}, {{2}}... without gaps.");
          });
          if (numbers.length > 0) {
            const examples = component.example?.body_text?.[0] ?? [];
            if (examples.length !== numbers.length)
              issue(
                [...at, "example"],
                `Give one example value per parameter: ${numbers.length} needed, ${examples.length} given.`,
              );
          }
        } else {
          const given = new Set(
            component.example?.body_text_named_params?.map((p) => p.param_name),
          );
          for (const name of new Set(params)) {
            if (!given.has(name))
              issue([...at, "example"], `Give an example value for {{${name}}}.`);
          }
        }
        const words = text.replace(PLACEHOLDER, " ").trim().split(/\s+/).filter(Boolean);
        if (params.length > 0 && words.length < params.length * 2 + 1) {
          issue([...at, "text"], "Too many parameters for the length of the text: add more words.");
        }
      }
      if (component.type === "FOOTER" && placeholdersOf(component.text).length > 0) {
        issue([...at, "text"], "A footer cannot have parameters.");
      }
      if (component.type === "BUTTONS") {
        const by = (type: string) => component.buttons.filter((b) => b.type === type).length;
        if (by("URL") > 2) issue([...at, "buttons"], "At most 2 URL buttons.");
        if (by("PHONE_NUMBER") > 1) issue([...at, "buttons"], "At most 1 phone number button.");
        if (by("COPY_CODE") > 1) issue([...at, "buttons"], "At most 1 copy-code button.");
        component.buttons.forEach((button, b) => {
          if (button.type !== "URL") return;
          const params = placeholdersOf(button.url);
          if (params.length > 1 || (params.length === 1 && !/\{\{\s*1\s*\}\}$/.test(button.url)))
            issue(
              [...at, "buttons", b, "url"],
              "A URL can end with one parameter, {{1}}, and no more.",
            );
          if (params.length === 1 && !button.example?.length)
            issue(
              [...at, "buttons", b, "example"],
              "Give an example URL for the button's parameter.",
            );
        });
      }
    });
  });

export type TemplateDefinitionInput = z.input<typeof templateDefinitionSchema>;
export type TemplateDefinition = z.output<typeof templateDefinitionSchema>;
