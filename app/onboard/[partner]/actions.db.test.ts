import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as getProgress } from "@/app/api/onboard/sessions/[sessionId]/progress/route";
import { createPartner } from "@/db/testing/factories";
import { callRoute } from "@/lib/api/testing";
import {
  finishSignupAction,
  popupOpenedAction,
  popupOutcomeAction,
  submitChecklistAction,
} from "./actions";

/**
 * The onboarding page's actions are public: anyone can call them with any arguments. Bad input
 * gets a refusal the page shows, never a thrown error (a 500 in the browser).
 */

// What a caller can send instead of a session id.
const badSessionIds: unknown[] = [
  "not-a-uuid",
  "",
  " ",
  "1; drop table x",
  null,
  undefined,
  42,
  {},
];

function checklistForm(fields: Record<string, string>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return form;
}

const passingAnswers = {
  number: "+55 11 98765-4321",
  appVersionOk: "on",
  inUseLongEnough: "on",
  noPaymentMethod: "on",
  notWithOtherProvider: "on",
};

describe("public onboarding actions refuse bad input", () => {
  it.each(badSessionIds)("a malformed session id (%j) is refused as bad_request", async (id) => {
    const calls = [
      () => popupOpenedAction(id as string),
      () => popupOutcomeAction(id as string, null),
      () => finishSignupAction(id as string, '{"type":"WA_EMBEDDED_SIGNUP"}', "code"),
    ];
    for (const call of calls) {
      const result = await call();
      expect(result).toMatchObject({ ok: false, code: "bad_request" });
      if (!result.ok) expect(result.message).toMatch(/not valid/);
    }
  });

  it("an unknown session id is refused as not_found", async () => {
    const id = randomUUID();
    expect(await popupOutcomeAction(id, null)).toMatchObject({
      ok: false,
      code: "not_found",
      message: "This onboarding session does not exist.",
    });
    expect(await popupOpenedAction(id)).toMatchObject({ ok: false, code: "not_found" });
  });

  it("missing or malformed arguments to finish and outcome are refused", async () => {
    const partner = await createPartner();
    const state = await submitChecklistAction(partner.slug, {}, {}, checklistForm(passingAnswers));
    expect(state.sessionId).toBeTruthy();
    const id = state.sessionId!;
    const missing = finishSignupAction as unknown as (...args: unknown[]) => Promise<unknown>;
    expect(await missing(id)).toMatchObject({ ok: false, code: "bad_request" });
    expect(await missing(id, "{}", "")).toMatchObject({ ok: false, code: "bad_request" });
    expect(await missing(id, { not: "a string" }, "code")).toMatchObject({
      ok: false,
      code: "bad_request",
    });
    expect(await finishSignupAction(id, "not json", "code")).toMatchObject({
      ok: false,
      code: "bad_request",
      message: "The signup did not finish.",
    });
    const outcome = popupOutcomeAction as unknown as (...args: unknown[]) => Promise<unknown>;
    expect(await outcome(id, 12)).toMatchObject({ ok: false, code: "bad_request" });
    // The session is untouched by the refusals: still waiting for the popup.
    const progress = await callRoute(getProgress as never, {
      path: `/api/onboard/sessions/${id}/progress`,
      params: { sessionId: id },
    });
    expect(progress).toMatchObject({ status: 200, body: { status: "eligible" } });
  });

  it("the checklist answers missing fields with field errors and bad link data with a refusal", async () => {
    const partner = await createPartner();
    const empty = await submitChecklistAction(partner.slug, {}, {}, checklistForm({}));
    expect(empty.fieldErrors?.number?.[0]).toBe("Enter the WhatsApp Business number");
    expect(empty.sessionId).toBeUndefined();

    const submit = submitChecklistAction as unknown as (...args: unknown[]) => Promise<unknown>;
    expect(await submit(partner.slug, null, {}, checklistForm(passingAnswers))).toMatchObject({
      error: expect.stringMatching(/not valid/),
    });
    expect(await submit(42, {}, {}, checklistForm(passingAnswers))).toMatchObject({
      error: expect.stringMatching(/not valid/),
    });
    expect(await submit(partner.slug, {}, {}, "not a form")).toMatchObject({
      error: expect.stringMatching(/did not arrive/),
    });
    expect(
      await submitChecklistAction("no-such-partner", {}, {}, checklistForm(passingAnswers)),
    ).toMatchObject({ error: "This onboarding link is not valid." });
  });
});
