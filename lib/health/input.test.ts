import { describe, expect, it } from "vitest";
import { toChannelHealthInput } from "./input";
import { evaluateChannelHealth } from "./rules";

const row = {
  id: "ch-1",
  status: "connected" as const,
  coexistence: true,
  onboardedAt: new Date("2026-11-01T09:00:00Z"),
  displayPhoneNumber: "5511987654321",
  countryCode: "BR",
  qualityRating: "GREEN",
  disconnectReason: null,
};

describe("toChannelHealthInput", () => {
  it("treats what no domain reported as not seen, so a fresh channel asks for its syncs", () => {
    const input = toChannelHealthInput(row, undefined);
    expect(input.lastEchoAt).toBeNull();
    const warnings = evaluateChannelHealth(input, { now: new Date("2026-11-02T03:00:00Z") });
    expect(warnings.map((w) => w.id)).toContain("sync_deadline");
    expect(warnings.map((w) => w.id)).toContain("companions_unlinked");
  });

  it("carries the acknowledgements and the ingested facts", () => {
    const ack = new Date("2026-11-01T10:00:00Z");
    const echo = new Date("2026-11-05T10:00:00Z");
    const input = toChannelHealthInput(
      row,
      { appOpenedAt: null, companionsRelinkedAt: ack },
      { lastEchoAt: echo },
    );
    expect(input).toMatchObject({ companionsRelinkedAcknowledgedAt: ack, lastEchoAt: echo });
  });
});
