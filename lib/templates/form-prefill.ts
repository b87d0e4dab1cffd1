import { definitionFromForm, type TemplateForm } from "./form";

/**
 * The console form's fields for a template Meta holds, so an edit starts from what is there:
 * the inverse of definitionFromForm. A template the form cannot show whole (a media header, two
 * link buttons, buttons in another order, Meta's authentication shapes...) gets null rather than
 * a form that would silently drop part of it on submit: it is edited through the API instead.
 * Pure, shared by the Templates tab and its tests.
 */

export type TemplateFormValues = Record<string, string>;

type Component = Record<string, unknown>;

const str = (value: unknown) => (typeof value === "string" ? value : "");

function examplesOf(component: Component, positional: string, named: string) {
  const example = (component.example ?? {}) as Record<string, unknown>;
  const byName = new Map<string, string>();
  for (const p of (example[named] as { param_name?: unknown; example?: unknown }[]) ?? []) {
    byName.set(str(p.param_name), str(p.example));
  }
  const list = Array.isArray(example[positional]) ? (example[positional] as unknown[]) : [];
  // body_text is one row of values ([[...]]); header_text is a flat list.
  const row = Array.isArray(list[0]) ? (list[0] as unknown[]) : list;
  row.forEach((value, i) => {
    byName.set(String(i + 1), str(value));
  });
  return byName;
}

function fieldsOf(components: Component[]): TemplateFormValues | null {
  const values: TemplateFormValues = {};
  const quickReplies: string[] = [];
  for (const component of components) {
    if (component.type === "HEADER") {
      if (component.format !== "TEXT") return null;
      values.header = str(component.text);
      for (const [key, value] of examplesOf(component, "header_text", "header_text_named_params")) {
        values[`example_header_${key}`] = value;
      }
    } else if (component.type === "BODY") {
      values.body = str(component.text);
      for (const [key, value] of examplesOf(component, "body_text", "body_text_named_params")) {
        values[`example_${key}`] = value;
      }
    } else if (component.type === "FOOTER") {
      values.footer = str(component.text);
    } else if (component.type === "BUTTONS") {
      for (const button of (component.buttons ?? []) as Component[]) {
        if (button.type === "QUICK_REPLY") quickReplies.push(str(button.text));
        else if (button.type === "URL" && values.url === undefined) {
          values.urlText = str(button.text);
          values.url = str(button.url);
          const example = (button.example as unknown[] | undefined)?.[0];
          if (example !== undefined) values.example_url = str(example);
        } else if (button.type === "PHONE_NUMBER" && values.phone === undefined) {
          values.phoneText = str(button.text);
          values.phone = str(button.phone_number);
        } else if (button.type === "COPY_CODE" && values.copyCode === undefined) {
          values.copyCode = str(button.example);
        } else return null;
      }
    } else return null;
  }
  // The form separates quick replies by commas.
  if (quickReplies.some((text) => text.includes(","))) return null;
  if (quickReplies.length > 0) values.quickReplies = quickReplies.join(", ");
  return values;
}

/** The same JSON whatever the order of keys, to compare what the form would send. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function formValuesFromTemplate(template: {
  name: string;
  language: string;
  category: string;
  components: Component[];
}): TemplateFormValues | null {
  const fields = fieldsOf(template.components);
  if (!fields) return null;
  const values = {
    ...fields,
    name: template.name,
    language: template.language,
    category: template.category,
  };
  // Only when submitting the form unchanged sends back exactly what Meta holds.
  const again = definitionFromForm(values as unknown as TemplateForm).components;
  return canonical(again) === canonical(template.components) ? values : null;
}
