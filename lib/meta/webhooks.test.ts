import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HISTORY_DECLINED_CODE, parseChange, webhookEnvelopeSchema } from "./webhooks";

const fixturesDir = join(import.meta.dirname, "fixtures");
const webhookFixtures = readdirSync(fixturesDir).filter(
  (name) => name.endsWith(".json") && name !== "embedded-signup-messages.json",
);

function loadFixture(name: string) {
  return JSON.parse(readFileSync(join(fixturesDir, name), "utf8"));
}

function onlyChange(name: string) {
  const envelope = webhookEnvelopeSchema.parse(loadFixture(name));
  const change = envelope.entry[0]!.changes[0]!;
  const result = parseChange(change.field, change.value);
  if (!result.ok) throw new Error(`fixture ${name} did not parse: ${JSON.stringify(result)}`);
  return result.change;
}

describe("Meta webhook schemas", () => {
  it.each(webhookFixtures)("parse every change of the fixture %s", (name) => {
    const envelope = webhookEnvelopeSchema.parse(loadFixture(name));
    for (const entry of envelope.entry) {
      for (const change of entry.changes) {
        expect(parseChange(change.field, change.value)).toMatchObject({ ok: true });
      }
    }
  });

  it("read timestamps as numbers whether Meta sent strings or numbers", () => {
    const change = onlyChange("messages-inbound-text.json");
    if (change.field !== "messages") throw new Error("wrong field");
    expect(change.value.messages?.[0]?.timestamp).toBe(1767261600);
    const envelope = webhookEnvelopeSchema.parse({
      object: "whatsapp_business_account",
      entry: [{ id: "1", time: "1768477204", changes: [] }],
    });
    expect(envelope.entry[0]!.time).toBe(1768477204);
  });

  it("keep the pricing object on statuses", () => {
    const change = onlyChange("messages-statuses-pmp.json");
    if (change.field !== "messages") throw new Error("wrong field");
    expect(change.value.statuses?.[0]?.pricing).toMatchObject({
      pricing_model: "PMP",
      category: "marketing",
    });
    expect(change.value.statuses?.[2]?.pricing).toBeUndefined();
  });

  it("recognise declined history by its error code", () => {
    const change = onlyChange("history-declined.json");
    if (change.field !== "history") throw new Error("wrong field");
    expect(change.value.history?.[0]?.errors?.[0]?.code).toBe(HISTORY_DECLINED_CODE);
  });

  it("keep fields Meta adds that we do not know yet", () => {
    const result = parseChange("account_update", { event: "SOMETHING_NEW", extra: { a: 1 } });
    expect(result).toMatchObject({
      ok: true,
      change: { value: { event: "SOMETHING_NEW", extra: { a: 1 } } },
    });
  });

  it("report an unknown field instead of throwing", () => {
    expect(parseChange("calls", {})).toEqual({
      ok: false,
      reason: "unknown_field",
      field: "calls",
    });
  });

  it("report an invalid shape with the path of the problem", () => {
    const result = parseChange("messages", { messaging_product: "whatsapp", metadata: {} });
    expect(result.ok).toBe(false);
    if (result.ok || result.reason !== "invalid") throw new Error("expected invalid");
    expect(result.issues.join(" ")).toContain("metadata.display_phone_number");
  });

  it("refuse a status Meta does not define", () => {
    const result = parseChange("messages", {
      messaging_product: "whatsapp",
      metadata: { display_phone_number: "1", phone_number_id: "2" },
      statuses: [{ id: "w", status: "teleported", timestamp: "1", recipient_id: "3" }],
    });
    expect(result.ok).toBe(false);
  });
});
