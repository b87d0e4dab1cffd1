import type { TemplateParameter } from "./types";

/**
 * Approved templates as Meta lists them (`GET /<WABA>/message_templates`), read for the composer:
 * which placeholders need a value, the text with values filled in, and the `template` object of a
 * Cloud API send. Pure, so the composer can use it in the browser.
 */

type Component = {
  type: string;
  format?: string;
  text?: string;
  example?: Record<string, unknown>;
  buttons?: { type?: string; url?: string; example?: unknown }[];
  [key: string]: unknown;
};

export type ListedTemplate = {
  name: string;
  language: string;
  category: string;
  components?: Record<string, unknown>[];
};

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function placeholders(text: string | undefined): string[] {
  if (!text) return [];
  const keys: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!keys.includes(match[1]!)) keys.push(match[1]!);
  }
  return keys;
}

function components(template: ListedTemplate): Component[] {
  return (template.components ?? []) as Component[];
}

function find(template: ListedTemplate, type: string) {
  return components(template).find((c) => c.type.toUpperCase() === type);
}

/** Meta's examples: body_text [[..]], header_text [..], buttons' example [..]. */
function exampleAt(example: unknown, position: number): string | null {
  const flat = Array.isArray(example) ? example.flat(2) : [];
  const value = flat[position];
  return typeof value === "string" ? value : null;
}

/** The values a template needs, in Meta's order: header, body, then URL buttons. */
export function templateParameters(template: ListedTemplate): TemplateParameter[] {
  const out: TemplateParameter[] = [];
  const header = find(template, "HEADER");
  if (header && (header.format ?? "TEXT").toUpperCase() === "TEXT") {
    placeholders(header.text).forEach((key, i) => {
      out.push({ component: "header", key, example: exampleAt(header.example?.header_text, i) });
    });
  }
  const body = find(template, "BODY");
  placeholders(body?.text).forEach((key, i) => {
    out.push({ component: "body", key, example: exampleAt(body?.example?.body_text, i) });
  });
  const buttons = find(template, "BUTTONS")?.buttons ?? [];
  buttons.forEach((button, index) => {
    placeholders(button.url).forEach((key, i) => {
      out.push({ component: "button", index, key, example: exampleAt(button.example, i) });
    });
  });
  return out;
}

export function parameterId(p: TemplateParameter): string {
  return p.component === "button" ? `button.${p.index}.${p.key}` : `${p.component}.${p.key}`;
}

function fill(text: string | undefined, component: string, values: Record<string, string>) {
  if (!text) return null;
  return text.replace(PLACEHOLDER, (whole, key: string) => values[`${component}.${key}`] ?? whole);
}

/** The header and body text with the values given (keys from `parameterId`). */
export function renderTemplateText(
  template: ListedTemplate,
  values: Record<string, string> = {},
): { header: string | null; body: string | null } {
  const header = find(template, "HEADER");
  return {
    header:
      header && (header.format ?? "TEXT").toUpperCase() === "TEXT"
        ? fill(header.text, "header", values)
        : null,
    body: fill(find(template, "BODY")?.text, "body", values),
  };
}

/**
 * The `template` object of a send: `{name, language: {code}, components}` with one text
 * parameter per placeholder (named placeholders carry `parameter_name`, as Meta requires).
 */
export function buildTemplateMessage(
  template: ListedTemplate,
  values: Record<string, string> = {},
): {
  type: "template";
  template: {
    name: string;
    language: { code: string };
    components?: Record<string, unknown>[];
  };
} {
  const params = templateParameters(template);
  const textParam = (p: TemplateParameter) => ({
    type: "text",
    text: values[parameterId(p)] ?? "",
    ...(/^\d+$/.test(p.key) ? {} : { parameter_name: p.key }),
  });
  const out: Record<string, unknown>[] = [];
  for (const component of ["header", "body"] as const) {
    const mine = params.filter((p) => p.component === component);
    if (mine.length > 0) out.push({ type: component, parameters: mine.map(textParam) });
  }
  const buttons = [...new Set(params.filter((p) => p.component === "button").map((p) => p.index))];
  for (const index of buttons) {
    out.push({
      type: "button",
      sub_type: "url",
      index: String(index),
      parameters: params
        .filter((p) => p.component === "button" && p.index === index)
        .map(textParam),
    });
  }
  return {
    type: "template",
    template: {
      name: template.name,
      language: { code: template.language },
      ...(out.length > 0 ? { components: out } : {}),
    },
  };
}

/** The text a sent template shows in the timeline: its body with the values sent. */
export function templateTextFromSend(
  template: ListedTemplate | null,
  sent: { name: string; components?: Record<string, unknown>[] },
): string {
  if (!template) return sent.name;
  const values: Record<string, string> = {};
  for (const component of sent.components ?? []) {
    const type = String(component.type ?? "");
    if (type !== "header" && type !== "body") continue;
    const parameters = (component.parameters ?? []) as { text?: string; parameter_name?: string }[];
    parameters.forEach((p, i) => {
      if (typeof p.text === "string")
        values[`${type}.${p.parameter_name ?? String(i + 1)}`] = p.text;
    });
  }
  const { header, body } = renderTemplateText(template, values);
  return [header, body].filter(Boolean).join("\n") || sent.name;
}
