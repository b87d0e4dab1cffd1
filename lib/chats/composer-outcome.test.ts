import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { storedFailureOf } from "./composer-outcome";

describe("a composer send that failed", () => {
  it("names the stored message when Meta refused it after it was stored", () => {
    const error = new AppError("unprocessable", "Meta refused the message (131026).", undefined, {
      details: { meta_error: { code: 131026 }, message: { id: "m-1", status: "failed" } },
    });
    expect(storedFailureOf(error)).toEqual({
      messageId: "m-1",
      reason: "Meta refused the message (131026).",
    });
  });

  it("is not a stored failure when nothing was stored (window closed, cap, bad body)", () => {
    const closed = new AppError("unprocessable", "Outside the window (131047).", undefined, {
      details: { meta_error: { code: 131047 } },
    });
    expect(storedFailureOf(closed)).toBeNull();
    expect(storedFailureOf(new Error("boom"))).toBeNull();
  });
});
