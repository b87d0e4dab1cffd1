import { describe, expect, it } from "vitest";
import { refusalReason } from "./refusal-reason";

describe("the reason the composer shows when the hub refuses a send", () => {
  it("names the recipient problem instead of only saying the message is not valid", () => {
    expect(
      refusalReason({
        message: "The message is not valid.",
        fieldErrors: { to: ["Not a phone number: use the international format."] },
      }),
    ).toBe(
      "The message is not valid. Recipient: Not a phone number: use the international format.",
    );
  });

  it("is the message alone when there is nothing more to say", () => {
    expect(refusalReason({ message: "The window is closed." })).toBe("The window is closed.");
  });
});
