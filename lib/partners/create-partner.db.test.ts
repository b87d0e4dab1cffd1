import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { main } from "@/cli/hub";
import { getDb } from "@/db";
import { partners } from "@/db/schema";
import { createPartner, createUser, uniqueId } from "@/db/testing/factories";
import { authenticate } from "@/lib/auth/authenticate";
import { inspectPasswordToken, setPasswordWithToken } from "@/lib/auth/password-tokens";
import { ownerScope } from "@/lib/auth/testing";
import { listMembers } from "./users";

function capture() {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: { log: (l: string) => lines.push(l), error: (l: string) => errors.push(l) },
  };
}

const tokenFrom = (lines: string[]) => {
  const link = lines.find((line) => line.includes("/set-password/"));
  return link?.split("/set-password/")[1]?.trim() ?? "";
};

describe("hub create-partner", () => {
  it("creates a partner and its owner, whose printed link sets the password that signs in", async () => {
    const email = `${uniqueId("owner")}@acme.test`;
    const name = `Acme ${uniqueId()}`;
    const { lines, out } = capture();
    expect(await main(["create-partner", "--name", name, "--owner", email], out)).toBe(0);
    expect(lines.join("\n")).toMatch(/^http:\/\/localhost:\d+\/set-password\/[\w-]{43}$/m);
    const [partner] = await getDb().select().from(partners).where(eq(partners.name, name));
    expect(partner!.slug).toMatch(/^acme-/);
    expect(await listMembers(ownerScope(partner!.id))).toMatchObject([
      { email, role: "owner", hasPassword: false },
    ]);
    const token = tokenFrom(lines);
    expect(await inspectPasswordToken(token)).toMatchObject({ status: "valid", email });
    await setPasswordWithToken({ token, password: "the owner's own secret" });
    const signedIn = await authenticate({
      email,
      password: "the owner's own secret",
      ip: "10.8.0.1",
    });
    expect(signedIn).toMatchObject({ ok: true, user: { partnerId: partner!.id, role: "owner" } });
  });

  it("refuses bad input with usage, and an email that has an account, creating nothing", async () => {
    const { errors, out } = capture();
    expect(await main(["create-partner", "--name", "Acme"], out)).toBe(2);
    expect(await main(["create-partner", "--name", "Acme", "--owner", "not-an-email"], out)).toBe(
      2,
    );
    expect(await main(["delete-everything"], out)).toBe(2);
    expect(errors.join("\n")).toContain("usage: npm run hub -- create-partner");

    const existing = await createUser((await createPartner()).id, "owner");
    const name = `Taken ${uniqueId()}`;
    const refused = capture();
    expect(
      await main(["create-partner", "--name", name, "--owner", existing.email], refused.out),
    ).toBe(1);
    expect(refused.errors.join("\n")).toContain("already has an account");
    expect(await getDb().select().from(partners).where(eq(partners.name, name))).toHaveLength(0);
  });

  it.runIf(process.env.DATABASE_URL)(
    "runs as `npm run hub` does, as a child process against the same database",
    { timeout: 60_000 },
    async () => {
      const email = `${uniqueId("owner")}@child.test`;
      const { stdout } = await promisify(execFile)(
        "npx",
        [
          "tsx",
          "--conditions=react-server",
          "cli/hub.ts",
          "create-partner",
          "--name",
          "Child Co",
          "--owner",
          email,
        ],
        { env: { ...process.env, APP_URL: "https://hub.example.com" } },
      );
      expect(stdout).toMatch(/^https:\/\/hub\.example\.com\/set-password\/[\w-]{43}$/m);
      const token = tokenFrom(stdout.split("\n"));
      expect(await inspectPasswordToken(token)).toMatchObject({ status: "valid", email });
    },
  );
});
