import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isTrustedSignupOrigin, readEmbeddedSignupMessage } from "./embedded-signup";

const messages = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures", "embedded-signup-messages.json"), "utf8"),
);
const asString = (key: string) => JSON.stringify(messages[key]);

describe("Embedded Signup popup messages", () => {
  it("read the coexistence finish, which may carry only the WABA id", () => {
    expect(readEmbeddedSignupMessage(asString("coexistence_finish"))).toEqual({
      kind: "finish",
      event: "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING",
      wabaId: "102290129340398",
      phoneNumberId: undefined,
      businessId: undefined,
    });
  });

  it("read a finish with all ids", () => {
    expect(readEmbeddedSignupMessage(asString("finish_with_ids"))).toMatchObject({
      kind: "finish",
      phoneNumberId: "106540352242922",
      businessId: "2329417887457253",
    });
  });

  it("tell an abandon at a step from an error reported as CANCEL", () => {
    expect(readEmbeddedSignupMessage(asString("cancel_at_step"))).toEqual({
      kind: "cancel",
      currentStep: "PHONE_NUMBER_VERIFICATION",
    });
    expect(readEmbeddedSignupMessage(asString("cancel_with_error"))).toEqual({
      kind: "error",
      message: "Phone number is not eligible",
      errorId: "524126",
      sessionId: "f34b51dab5e0498",
    });
  });

  it("accept the ERROR event some SDK versions send", () => {
    const error = { type: "WA_EMBEDDED_SIGNUP", event: "ERROR", data: { error_message: "boom" } };
    expect(readEmbeddedSignupMessage(JSON.stringify(error))).toMatchObject({
      kind: "error",
      message: "boom",
    });
  });

  it("ignore messages that are not Embedded Signup's", () => {
    expect(readEmbeddedSignupMessage("not json")).toBeNull();
    expect(
      readEmbeddedSignupMessage(JSON.stringify({ type: "OTHER", event: "FINISH" })),
    ).toBeNull();
    expect(readEmbeddedSignupMessage(42)).toBeNull();
  });

  it("trust only facebook.com origins, and the hub's own origin in sandbox mode", () => {
    expect(isTrustedSignupOrigin("https://www.facebook.com", "http://localhost:3000", false)).toBe(
      true,
    );
    expect(isTrustedSignupOrigin("https://evilfacebook.com", "http://localhost:3000", false)).toBe(
      false,
    );
    expect(isTrustedSignupOrigin("http://localhost:3000", "http://localhost:3000", false)).toBe(
      false,
    );
    expect(isTrustedSignupOrigin("http://localhost:3000", "http://localhost:3000", true)).toBe(
      true,
    );
  });
});
