import { describe, expect, it } from "vitest";
import { type HostLookup, REFUSED_TARGET_MESSAGE, refuseTarget } from "./target-policy";

const production = { allowPrivate: false };
const resolvesTo =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("forwarding target policy (SSRF rule)", () => {
  it.each([
    "https://127.0.0.1/hook",
    "https://127.1/hook",
    "https://0x7f000001/hook",
    "https://2130706433/hook",
    "https://0177.0.0.1/hook",
    "https://0x7f.1/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::ffff:7f00:1]/hook",
    "https://[0:0:0:0:0:ffff:a00:1]/hook",
    "https://10.0.0.5/hook",
    "https://172.16.3.4/hook",
    "https://192.168.1.1/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://[fe80::1]/hook",
    "https://[fd12:3456::1]/hook",
    "https://100.64.1.2/hook",
    "https://224.0.0.1/hook",
    "https://[ff02::1]/hook",
    "https://0.0.0.0/hook",
    "https://0/hook",
    "https://[::]/hook",
    "https://255.255.255.255/hook",
    "https://[64:ff9b::7f00:1]/hook",
    "https://[2002:7f00:1::]/hook",
  ])("refuses %s in production", async (url) => {
    expect(await refuseTarget(url, production)).toBe(REFUSED_TARGET_MESSAGE);
  });

  it("refuses http in production, and credentials in the URL", async () => {
    expect(await refuseTarget("http://8.8.8.8/hook", production)).toBe(REFUSED_TARGET_MESSAGE);
    expect(await refuseTarget("https://user:pw@8.8.8.8/hook", production)).toBe(
      "Credentials in the URL are not allowed.",
    );
  });

  it("refuses a host name when any address it resolves to is not public", async () => {
    const lookup = resolvesTo("93.184.215.14", "10.1.2.3");
    expect(await refuseTarget("https://partner.example/hook", { ...production, lookup })).toBe(
      REFUSED_TARGET_MESSAGE,
    );
    expect(
      await refuseTarget("https://partner.example/hook", {
        ...production,
        lookup: resolvesTo("::ffff:169.254.169.254"),
      }),
    ).toBe(REFUSED_TARGET_MESSAGE);
  });

  it("refuses a host name that does not resolve, saying so", async () => {
    const lookup: HostLookup = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect(await refuseTarget("https://nowhere.example/hook", { ...production, lookup })).toBe(
      "The host nowhere.example could not be resolved.",
    );
  });

  it("accepts https to public addresses", async () => {
    expect(await refuseTarget("https://93.184.215.14/hook", production)).toBeNull();
    expect(await refuseTarget("https://[2606:4700::6810:84e5]/hook", production)).toBeNull();
    expect(
      await refuseTarget("https://partner.example/hook", {
        ...production,
        lookup: resolvesTo("93.184.215.14", "2606:4700::6810:84e5"),
      }),
    ).toBeNull();
  });

  it("allows private and http targets when the setting allows them (demo, development, tests)", async () => {
    const allow = { allowPrivate: true };
    expect(await refuseTarget("http://127.0.0.1:3000/hook", allow)).toBeNull();
    expect(await refuseTarget("http://0x7f000001/hook", allow)).toBeNull();
    expect(await refuseTarget("https://10.0.0.5/hook", allow)).toBeNull();
    expect(await refuseTarget("ftp://10.0.0.5/hook", allow)).toBe("An http(s) URL.");
  });
});
