import { z } from "zod";
import { placeholdersOf } from "./definition";

/**
 * The console's create form, flat fields as FormData sends them, turned into Meta's definition
 * (validated afterwards by templateDefinitionSchema, so the form and the API share one set of
 * rules). Examples are given one per placeholder, as `example_<placeholder>`.
 */
export const templateFormSchema = z
  .object({
    name: z.string().trim(),
    language: z.string().trim().default("en_US"),
    category: z.string().trim(),
    header: z.string().trim().optional(),
    body: z.string().trim(),
    footer: z.string().trim().optional(),
    quickReplies: z.string().optional(),
    urlText: z.string().trim().optional(),
    url: z.string().trim().optional(),
    phoneText: z.string().trim().optional(),
    phone: z.string().trim().optional(),
    copyCode: z.string().trim().optional(),
  })
  .catchall(z.unknown());
export type TemplateForm = z.infer<typeof templateFormSchema>;

function example(form: Record<string, unknown>, key: string): string {
  const value = form[`example_${key}`];
  return typeof value === "string" ? value.trim() : "";
}

export function definitionFromForm(form: TemplateForm): Record<string, unknown> {
  const components: Record<string, unknown>[] = [];
  const bodyParams = [...new Set(placeholdersOf(form.body))];
  const named = bodyParams.some((p) => !/^\d+$/.test(p));
  if (form.header) {
    const [param] = placeholdersOf(form.header);
    components.push({
      type: "HEADER",
      format: "TEXT",
      text: form.header,
      ...(param
        ? named
          ? {
              example: {
                header_text_named_params: [
                  { param_name: param, example: example(form, `header_${param}`) },
                ],
              },
            }
          : { example: { header_text: [example(form, `header_${param}`)] } }
        : {}),
    });
  }
  components.push({
    type: "BODY",
    text: form.body,
    ...(bodyParams.length > 0
      ? named
        ? {
            example: {
              body_text_named_params: bodyParams.map((p) => ({
                param_name: p,
                example: example(form, p),
              })),
            },
          }
        : { example: { body_text: [bodyParams.map((p) => example(form, p))] } }
      : {}),
  });
  if (form.footer) components.push({ type: "FOOTER", text: form.footer });
  const buttons: Record<string, unknown>[] = [];
  for (const text of (form.quickReplies ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean)) {
    buttons.push({ type: "QUICK_REPLY", text });
  }
  if (form.urlText || form.url) {
    const hasParam = placeholdersOf(form.url).length > 0;
    buttons.push({
      type: "URL",
      text: form.urlText ?? "",
      url: form.url ?? "",
      ...(hasParam ? { example: [example(form, "url")] } : {}),
    });
  }
  if (form.phoneText || form.phone) {
    buttons.push({
      type: "PHONE_NUMBER",
      text: form.phoneText ?? "",
      phone_number: form.phone ?? "",
    });
  }
  if (form.copyCode) buttons.push({ type: "COPY_CODE", example: form.copyCode });
  if (buttons.length > 0) components.push({ type: "BUTTONS", buttons });
  return {
    name: form.name,
    language: form.language,
    category: form.category,
    ...(named ? { parameter_format: "NAMED" } : {}),
    components,
  };
}
