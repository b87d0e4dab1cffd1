import { describe, expect, it } from "vitest";
import { auditChanges } from "./audit-diff";

describe("an audit entry's changes as a diff", () => {
  it("lists only the fields that changed, in words", () => {
    expect(
      auditChanges(
        { maxChannels: 1, partnerPayload: "crm-1", name: "Casa" },
        { maxChannels: 3, partnerPayload: "crm-1", name: "Casa" },
      ),
    ).toEqual([{ field: "Max channels", before: "1", after: "3" }]);
  });

  it("shows a creation as what was set and a removal as what was there", () => {
    expect(auditChanges(null, { role: "member", email: "a@b.test" })).toEqual([
      { field: "Role", before: null, after: "member" },
      { field: "Email", before: null, after: "a@b.test" },
    ]);
    expect(
      auditChanges({ allowedRedirectUrls: ["https://a.test", "https://b.test"] }, null),
    ).toEqual([
      { field: "Allowed redirect urls", before: "https://a.test, https://b.test", after: null },
    ]);
  });
});
