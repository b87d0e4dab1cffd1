import { describe, expect, it } from "vitest";
import { signBody, verifyBodySignature } from "./signature";

const body = '{"object":"whatsapp_business_account","entry":[]}';

describe("webhook signatures", () => {
  it("match Meta's format: sha256= and the hex HMAC of the raw body", () => {
    // HMAC-SHA256("secret", body), computed independently with openssl.
    expect(signBody(body, "secret")).toBe(
      "sha256=56a21e195072d3c07ec2bbf608e0dfeaf322e1917ec30f0cb399c2a43588216e",
    );
    expect(verifyBodySignature(body, signBody(body, "secret"), "secret")).toBe(true);
  });

  it("accept the same bytes as a Buffer", () => {
    expect(verifyBodySignature(Buffer.from(body), signBody(body, "secret"), "secret")).toBe(true);
  });

  it("fail for another secret, another body, re-serialised JSON or a missing header", () => {
    const header = signBody(body, "secret");
    expect(verifyBodySignature(body, header, "other")).toBe(false);
    expect(verifyBodySignature(`${body} `, header, "secret")).toBe(false);
    expect(verifyBodySignature(JSON.stringify(JSON.parse(body), null, 2), header, "secret")).toBe(
      false,
    );
    expect(verifyBodySignature(body, null, "secret")).toBe(false);
    expect(verifyBodySignature(body, header.replace("sha256=", "sha1="), "secret")).toBe(false);
    expect(verifyBodySignature(body, "sha256=abc", "secret")).toBe(false);
  });
});
