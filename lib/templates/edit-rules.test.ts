import { describe, expect, it } from "vitest";
import { changesToSend, editProblems, editRefusal, editTemplateBody } from "./edit-rules";

const approved = {
  name: "order_update",
  language: "en_US",
  status: "APPROVED",
  category: "UTILITY",
  components: [
    { type: "BODY", text: "Your order {{1}} is on its way.", example: { body_text: [["A-1"]] } },
  ],
};
const body = (text: string, examples?: string[]) => ({
  type: "BODY",
  text,
  ...(examples ? { example: { body_text: [examples] } } : {}),
});

describe("what Meta allows in a template edit", () => {
  it("refuses a template in review, or disabled, in words, saying nothing reached Meta", () => {
    expect(editRefusal({ ...approved, status: "PENDING" }, { components: [] })).toBe(
      "order_update (en_US) is in review at Meta: it can be edited once the review ends. Nothing was sent to Meta.",
    );
    expect(editRefusal({ ...approved, status: "PENDING_DELETION" }, {})).toContain(
      "is pending deletion: Meta allows edits of approved, rejected or paused templates only",
    );
  });

  it("takes approved, rejected and paused templates", () => {
    for (const status of ["APPROVED", "REJECTED", "PAUSED"]) {
      expect(editRefusal({ ...approved, status }, { components: [] })).toBeNull();
    }
  });

  it("refuses a new category on an approved template, not on a rejected one", () => {
    expect(editRefusal(approved, { category: "MARKETING" })).toContain(
      "Meta does not let an approved template change category (it stays utility)",
    );
    expect(editRefusal({ ...approved, status: "REJECTED" }, { category: "MARKETING" })).toBeNull();
  });

  it("leaves out an approved template's unchanged category; nothing left is no change", () => {
    const components = [body("Your order {{1}} has shipped today.", ["A-1"])];
    expect(changesToSend(approved, { category: "UTILITY", components })).toEqual({ components });
    expect(changesToSend(approved, { category: "UTILITY" })).toBeNull();
    expect(changesToSend({ ...approved, status: "PAUSED" }, { category: "UTILITY" })).toEqual({
      category: "UTILITY",
    });
  });

  it("checks new components with the create rules under the template's own name", () => {
    expect(
      editProblems(approved, { components: [body("{{1}} is here at the front desk", ["A"])] }),
    ).toEqual({
      "components.0.text": ["The body cannot start or end with a parameter: add words around it."],
    });
    expect(
      editProblems(approved, { components: [body("Your order {{1}} has shipped today.", ["A"])] }),
    ).toBeNull();
  });

  it("judges only what changes: a category edit passes over components the rules do not cover", () => {
    const odd = { ...approved, status: "REJECTED", components: [{ type: "CAROUSEL" }] };
    expect(editProblems(odd, { category: "MARKETING" })).toBeNull();
    expect(editProblems(odd, { components: [{ type: "CAROUSEL" }] })).not.toBeNull();
  });

  it("needs components or a category in the body", () => {
    const empty = editTemplateBody.safeParse({});
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe("Give components or a category to change.");
    expect(editTemplateBody.safeParse({ category: "PROMO" }).success).toBe(false);
    expect(editTemplateBody.safeParse({ category: "MARKETING" }).success).toBe(true);
  });
});
