import { describe, expect, it } from "vitest";
import {
  contentDisposition,
  formatBytes,
  isInlineType,
  mediaMaxBytes,
  safeDownloadName,
  servedContentType,
} from "./files";

const sentAt = new Date("2026-11-20T10:00:00Z");

describe("safeDownloadName", () => {
  it("keeps the sender's file name", () => {
    expect(
      safeDownloadName({
        filename: "Price list.pdf",
        contentType: "application/pdf",
        kind: "document",
        sentAt,
      }),
    ).toBe("Price list.pdf");
  });

  it("drops paths, control characters and characters Windows refuses", () => {
    expect(
      safeDownloadName({
        filename: "../../etc/pass\u0000wd<>:|?*.pdf",
        contentType: "application/pdf",
        kind: "document",
        sentAt,
      }),
    ).toBe("passwd.pdf");
    expect(
      safeDownloadName({
        filename: 'C:\\Users\\x\\inv"oice.pdf',
        contentType: "application/pdf",
        kind: "document",
        sentAt,
      }),
    ).toBe("invoice.pdf");
  });

  it("never starts with a dot (no hidden files)", () => {
    expect(
      safeDownloadName({
        filename: "...bashrc",
        contentType: "text/plain",
        kind: "document",
        sentAt,
      }),
    ).toBe("bashrc.txt");
  });

  it("adds the type's extension when the name has none", () => {
    expect(
      safeDownloadName({
        filename: "contract",
        contentType: "application/pdf",
        kind: "document",
        sentAt,
      }),
    ).toBe("contract.pdf");
  });

  it("keeps long names under 120 characters with their extension", () => {
    const name = safeDownloadName({
      filename: `${"ü".repeat(300)}.xlsx`,
      contentType: "application/octet-stream",
      kind: "document",
      sentAt,
    });
    expect([...name]).toHaveLength(120);
    expect(name.endsWith(".xlsx")).toBe(true);
  });

  it("names media without a file name by kind and day", () => {
    expect(
      safeDownloadName({ filename: null, contentType: "image/jpeg", kind: "image", sentAt }),
    ).toBe("whatsapp-image-2026-11-20.jpg");
    expect(
      safeDownloadName({
        filename: " / ",
        contentType: "audio/ogg; codecs=opus",
        kind: "audio",
        sentAt,
      }),
    ).toBe("whatsapp-audio-2026-11-20.ogg");
    expect(
      safeDownloadName({
        filename: null,
        contentType: "application/x-unknown",
        kind: "document",
        sentAt,
      }),
    ).toBe("whatsapp-document-2026-11-20");
  });
});

describe("contentDisposition", () => {
  it("shows images, audio and video inline", () => {
    expect(contentDisposition("image/jpeg", "a.jpg")).toBe(
      `inline; filename="a.jpg"; filename*=UTF-8''a.jpg`,
    );
    expect(contentDisposition("audio/ogg; codecs=opus", "a.ogg")).toMatch(/^inline;/);
    expect(contentDisposition("video/mp4", "a.mp4")).toMatch(/^inline;/);
  });

  it("downloads documents, and any image type that could run script (SVG)", () => {
    expect(contentDisposition("application/pdf", "Price list.pdf")).toBe(
      `attachment; filename="Price list.pdf"; filename*=UTF-8''Price%20list.pdf`,
    );
    expect(contentDisposition("image/svg+xml", "x.svg")).toMatch(/^attachment;/);
    expect(contentDisposition("text/html", "x.html")).toMatch(/^attachment;/);
  });

  it("writes non-ASCII names twice: replaced in filename, exact in filename*", () => {
    expect(contentDisposition("application/pdf", "Orçamento (1).pdf")).toBe(
      `attachment; filename="Or_amento (1).pdf"; filename*=UTF-8''Or%C3%A7amento%20%281%29.pdf`,
    );
  });
});

describe("servedContentType and isInlineType", () => {
  it("passes well-formed types and replaces anything else with octet-stream", () => {
    expect(servedContentType("image/JPEG")).toBe("image/jpeg");
    expect(servedContentType("audio/ogg; codecs=opus")).toBe("audio/ogg; codecs=opus");
    expect(servedContentType("text/html\r\nSet-Cookie: a=b")).toBe("application/octet-stream");
    expect(servedContentType(null)).toBe("application/octet-stream");
    expect(servedContentType("image")).toBe("application/octet-stream");
  });

  it("treats raster images, audio and video as inline only", () => {
    expect(isInlineType("image/webp")).toBe(true);
    expect(isInlineType("image/svg+xml")).toBe(false);
    expect(isInlineType("application/pdf")).toBe(false);
  });
});

describe("sizes", () => {
  it("reads as a person would", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5 MB");
    expect(formatBytes(123 * 1024 * 1024)).toBe("123 MB");
    expect(formatBytes(-1)).toBe("");
  });

  it("caps each kind at Meta's own limit", () => {
    expect(mediaMaxBytes("image")).toBe(5 * 1024 * 1024);
    expect(mediaMaxBytes("video")).toBe(16 * 1024 * 1024);
    expect(mediaMaxBytes("document")).toBe(100 * 1024 * 1024);
    expect(mediaMaxBytes("something-new")).toBe(16 * 1024 * 1024);
  });
});
