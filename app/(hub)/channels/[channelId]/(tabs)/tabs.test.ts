import { describe, expect, it } from "vitest";
import { oldTabLinkTarget } from "./tabs";

const ID = "0b6f3a5e-2c1d-4e8f-9a7b-1c2d3e4f5a6b";

describe("an old /channels/{id}?tab= link", () => {
  it("goes to the tab's own address, the other parameters kept", () => {
    expect(oldTabLinkTarget(ID, { tab: "events", field: "smb_message_echoes" }, false)).toBe(
      `/channels/${ID}/events?field=smb_message_echoes`,
    );
    expect(oldTabLinkTarget(ID, { tab: "chats" }, true)).toBe(`/channels/${ID}/chats`);
    expect(oldTabLinkTarget(ID, { tab: ["costs", "events"], range: ["7d", "30d"] }, true)).toBe(
      `/channels/${ID}/costs?range=7d&range=30d`,
    );
  });

  it("stays on the overview for no tab or an unknown one", () => {
    expect(oldTabLinkTarget(ID, {}, false)).toBeNull();
    expect(oldTabLinkTarget(ID, { tab: "" }, false)).toBeNull();
    expect(oldTabLinkTarget(ID, { tab: "overview" }, false)).toBeNull();
    expect(oldTabLinkTarget(ID, { tab: "../settings" }, false)).toBeNull();
  });

  it("keeps a client user on the overview for a partner-only tab (its address would be a 404)", () => {
    for (const tab of ["webhooks", "api-keys", "events"]) {
      expect(oldTabLinkTarget(ID, { tab }, true), tab).toBeNull();
      expect(oldTabLinkTarget(ID, { tab }, false), tab).toBe(`/channels/${ID}/${tab}`);
    }
  });
});
