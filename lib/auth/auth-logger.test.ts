import { CredentialsSignin } from "@auth/core/errors";
import { describe, expect, it, vi } from "vitest";
import { authLogger } from "./auth-logger";

class WrongPassword extends CredentialsSignin {
  code = "invalid_credentials";
}

function fakeLog() {
  return { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

describe("Auth.js logging", () => {
  it("a wrong password is one info line with its code, without an error or a stack", () => {
    const log = fakeLog();
    authLogger(() => log as never).error(new WrongPassword());
    expect(log.error).not.toHaveBeenCalled();
    expect(log.info).toHaveBeenCalledWith({ code: "invalid_credentials" }, "sign-in refused");
    expect(JSON.stringify(log.info.mock.calls)).not.toContain("    at ");
  });

  it("a real failure is still logged as an error", () => {
    const log = fakeLog();
    const failure = new Error("database down");
    authLogger(() => log as never).error(failure);
    expect(log.error).toHaveBeenCalledWith({ err: failure }, "auth error");
  });
});
