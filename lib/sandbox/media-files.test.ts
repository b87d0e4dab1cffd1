import { describe, expect, it } from "vitest";
import {
  jpegWithDigits,
  onePagePdf,
  sandboxMediaFile,
  silentOggOpus,
  solidWebp,
} from "./media-files";

describe("the sandbox's media files", () => {
  it("are the same bytes every time for one media id, and differ between ids", () => {
    const a = sandboxMediaFile({ mediaId: "1234567890123456", kind: "image" })!;
    expect(
      a.bytes.equals(sandboxMediaFile({ mediaId: "1234567890123456", kind: "image" })!.bytes),
    ).toBe(true);
    expect(
      a.bytes.equals(sandboxMediaFile({ mediaId: "1234567890123457", kind: "image" })!.bytes),
    ).toBe(false);
  });

  it("an image is a 240 x 160 baseline JPEG", () => {
    const jpeg = jpegWithDigits("1234567890123456");
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(jpeg.readUInt16BE(sof + 5)).toBe(160);
    expect(jpeg.readUInt16BE(sof + 7)).toBe(240);
  });

  it("a sticker is a lossless WebP with its RIFF size right", () => {
    const webp = solidWebp([10, 20, 30], 128, 128);
    expect(webp.subarray(0, 4).toString()).toBe("RIFF");
    expect(webp.readUInt32LE(4)).toBe(webp.length - 8);
    expect(webp.subarray(8, 16).toString()).toBe("WEBPVP8L");
  });

  it("a document is a PDF whose cross-reference table points at its objects", () => {
    const pdf = onePagePdf(["price-list.pdf", "Price list (2026)"]).toString("latin1");
    const xref = Number(pdf.match(/startxref\n(\d+)/)![1]);
    expect(pdf.slice(xref, xref + 4)).toBe("xref");
    const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    expect(offsets.map((offset) => pdf.slice(offset, offset + 7))).toEqual(
      [1, 2, 3, 4, 5].map((n) => `${n} 0 obj`),
    );
    expect(pdf).toContain("(Price list \\(2026\\)) Tj");
  });

  it("a voice note is an Ogg Opus stream of three pages", () => {
    const ogg = silentOggOpus(1);
    const pages = [...ogg.toString("latin1").matchAll(/OggS/g)];
    expect(pages).toHaveLength(3);
    expect(ogg.subarray(28, 36).toString()).toBe("OpusHead");
  });

  it("has no video to serve", () => {
    expect(sandboxMediaFile({ mediaId: "1", kind: "video" })).toBeNull();
  });
});
