import { describe, expect, it } from "vitest";
import { admitOnboardingSession, onboardingSessionRule } from "./session-rate-limit";

const ip = () => `10.7.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe("onboarding sessions per IP address", () => {
  it("admits the limit, then refuses with when to retry; another address is not affected", async () => {
    const address = ip();
    const window = onboardingSessionRule().windowMs;
    const now = new Date(Math.floor(Date.now() / window) * window + 60_000);
    for (let i = 0; i < onboardingSessionRule().limit; i++) {
      await admitOnboardingSession(address, { now });
    }
    await expect(admitOnboardingSession(address, { now })).rejects.toMatchObject({
      code: "rate_limited",
      message: "Too many onboarding attempts from your network. Try again in 10 minutes.",
    });
    await expect(admitOnboardingSession(ip(), { now })).resolves.toBeUndefined();
    // Two windows later the address starts afresh.
    await expect(
      admitOnboardingSession(address, { now: new Date(now.getTime() + 2 * window) }),
    ).resolves.toBeUndefined();
  });
});
