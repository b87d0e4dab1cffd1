import { parameterId } from "@/lib/chats/send/templates";
import type { TemplateParameter } from "@/lib/chats/send/types";

/**
 * The composer's side of a template's placeholders (the values' keys, the preview and the send
 * body come from lib/chats/send/templates): names a person reads and what is still missing.
 */

/** "Body {{1}}", "Header {{name}}", "Button 1 {{1}}". */
export function placeholderLabel(p: TemplateParameter): string {
  const where =
    p.component === "button"
      ? `Button ${(p.index ?? 0) + 1}`
      : p.component === "header"
        ? "Header"
        : "Body";
  return `${where} {{${p.key}}}`;
}

/** The placeholders still empty (blank counts as empty): the send button waits for them. */
export function missingPlaceholders(
  parameters: TemplateParameter[],
  values: Record<string, string>,
) {
  return parameters.filter((p) => !values[parameterId(p)]?.trim());
}

/** The values as sent: trimmed, as Meta would otherwise keep stray spaces in the message. */
export function trimmedValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]));
}
