import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { MessageTemplateRow } from "@/db/schema";
import { EditTemplateCard } from "./edit-template-card";

vi.mock("next/navigation", () => ({ useRouter: () => ({ replace: () => {} }) }));

const row = (over: Partial<MessageTemplateRow> = {}): MessageTemplateRow => ({
  id: "7b0f3f9e-7c55-4a55-9d4c-3b1f1d1f0a01",
  partnerId: "7b0f3f9e-7c55-4a55-9d4c-3b1f1d1f0a02",
  wabaId: "waba",
  metaTemplateId: "1001",
  name: "order_update",
  language: "en_US",
  category: "UTILITY",
  previousCategory: null,
  status: "APPROVED",
  qualityScore: "GREEN",
  rejectionReason: null,
  components: [
    {
      type: "BODY",
      text: "Your order {{1}} is on its way.",
      example: { body_text: [["A-1042"]] },
    },
    { type: "FOOTER", text: "Casa Tito" },
  ],
  lastChangeAt: new Date(),
  createdAt: new Date(),
  updatedAt: new Date(),
  ...over,
});

const render = (template: MessageTemplateRow) =>
  renderToStaticMarkup(
    <EditTemplateCard
      template={template}
      channelId="7b0f3f9e-7c55-4a55-9d4c-3b1f1d1f0a03"
      action={async () => ({ ok: true, data: { name: "", language: "", status: "" } })}
      prices={[]}
      market="Brazil"
    />,
  );

describe("the console's template edit", () => {
  it("opens the form prefilled, name and language fixed, an approved template's category locked", () => {
    const html = render(row());
    expect(html).toContain("Edit order_update · en_US");
    expect(html).toMatch(/<input[^>]*id="template-name"[^>]*readOnly=""[^>]*value="order_update"/);
    expect(html).toMatch(/<input[^>]*id="template-language"[^>]*readOnly=""[^>]*value="en_US"/);
    expect(html).toContain("Your order {{1}} is on its way.");
    expect(html).toContain('value="A-1042"');
    expect(html).toContain('value="Casa Tito"');
    expect(html).toContain("Meta does not let an approved template change category.");
    expect(html).toContain("Submit the change for review");
  });

  it("lets a rejected template's category change", () => {
    const html = render(row({ status: "REJECTED", rejectionReason: "INVALID_FORMAT" }));
    expect(html).not.toContain("Meta does not let an approved template change category.");
    expect(html).toContain("Submit the change for review");
  });

  it("says why instead of a form when Meta would not take an edit, or the form cannot show it", () => {
    expect(render(row({ status: "PENDING" }))).toContain(
      "In review: Meta allows edits of approved, rejected or paused templates only.",
    );
    const media = render(
      row({
        components: [
          { type: "HEADER", format: "IMAGE", example: { header_handle: ["h"] } },
          { type: "BODY", text: "Your order is ready." },
        ],
      }),
    );
    expect(media).toContain("edit it through the Partner API");
    expect(media).not.toContain("<form");
  });
});
