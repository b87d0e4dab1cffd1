import { createHash } from "node:crypto";

/**
 * The bytes the sandbox serves for the media it invented: small, valid files of the type the
 * webhook announced, the same bytes every time for one media id. Pure, hand-written encoders
 * (no image library): a baseline JPEG for images (the media id's last digits drawn in 8x8
 * blocks), a lossless WebP for stickers (one colour), a one-page PDF for documents, an Ogg Opus
 * file of silence for voice notes. Video has no encoder here: the sandbox says so (see media.ts).
 */

export type SandboxMediaFile = { bytes: Buffer; mimeType: string };

/** The file for a media id, or null when the sandbox cannot make one of this kind (video). */
export function sandboxMediaFile(media: {
  mediaId: string;
  kind: string;
  caption?: string | null;
  filename?: string | null;
}): SandboxMediaFile | null {
  switch (media.kind) {
    case "image":
      return { bytes: jpegWithDigits(media.mediaId), mimeType: "image/jpeg" };
    case "sticker":
      return { bytes: solidWebp(colourOf(media.mediaId), 128, 128), mimeType: "image/webp" };
    case "document":
      return {
        bytes: onePagePdf([
          media.filename ?? "Document",
          media.caption ?? "",
          `Sandbox media ${media.mediaId}`,
        ]),
        mimeType: "application/pdf",
      };
    case "audio":
      return { bytes: silentOggOpus(1), mimeType: "audio/ogg; codecs=opus" };
    default:
      return null;
  }
}

type Rgb = [number, number, number];

/** A stable, not too dark colour per media id. */
export function colourOf(seed: string): Rgb {
  const h = createHash("sha256").update(seed).digest();
  return [60 + (h[0]! % 150), 60 + (h[1]! % 150), 60 + (h[2]! % 150)];
}

// ---- JPEG (baseline, 4:4:4, one DC level per 8x8 block, no AC) --------------------------------

// 3x5 digits, row by row.
const DIGITS = [
  "111101101101111",
  "010110010010111",
  "111001111100111",
  "111001111001111",
  "101101111001001",
  "111100111001111",
  "111100111101111",
  "111001001010010",
  "111101111101111",
  "111101111001111",
];

/** 30 x 20 blocks (240 x 160 px): the background colour of the id, its last 6 digits in white. */
export function jpegWithDigits(mediaId: string): Buffer {
  const cols = 30;
  const rows = 20;
  const background = colourOf(mediaId);
  const blocks: Rgb[] = Array.from({ length: cols * rows }, () => background);
  const digits = mediaId.replace(/\D/g, "").slice(-6).padStart(6, "0");
  const left = Math.floor((cols - (digits.length * 4 - 1)) / 2);
  const top = Math.floor((rows - 5) / 2);
  [...digits].forEach((digit, i) => {
    const glyph = DIGITS[Number(digit)]!;
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 3; x++) {
        if (glyph[y * 3 + x] === "1") blocks[(top + y) * cols + left + i * 4 + x] = [255, 255, 255];
      }
    }
  });
  return blockJpeg(cols, rows, blocks);
}

class BitWriter {
  private bytes: number[] = [];
  private current = 0;
  private count = 0;
  constructor(private readonly order: "msb" | "lsb") {}
  write(value: number, bits: number) {
    for (let i = 0; i < bits; i++) {
      const bit = this.order === "msb" ? (value >> (bits - 1 - i)) & 1 : (value >> i) & 1;
      if (this.order === "msb") this.current = (this.current << 1) | bit;
      else this.current |= bit << this.count;
      this.count++;
      if (this.count === 8) this.flushByte();
    }
  }
  private flushByte() {
    this.bytes.push(this.current);
    // JPEG byte stuffing: a 0xFF in entropy-coded data is followed by 0x00.
    if (this.order === "msb" && this.current === 0xff) this.bytes.push(0);
    this.current = 0;
    this.count = 0;
  }
  finish(): Buffer {
    if (this.count > 0) {
      // JPEG pads with 1-bits, VP8L with zeros.
      if (this.order === "msb") this.write((1 << (8 - this.count)) - 1, 8 - this.count);
      else this.flushByte();
    }
    return Buffer.from(this.bytes);
  }
}

function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

/** DC differences by category (0..11), each a 4-bit code; AC: end-of-block only, code `0`. */
function blockJpeg(cols: number, rows: number, blocks: Rgb[]): Buffer {
  const width = cols * 8;
  const height = rows * 8;
  const header = [
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    // One quantisation table of ones: the DC coefficient is stored as computed.
    ...segment(0xdb, [0, ...Array<number>(64).fill(1)]),
    ...segment(0xc0, [
      8,
      height >> 8,
      height & 0xff,
      width >> 8,
      width & 0xff,
      3,
      ...[1, 2, 3].flatMap((id) => [id, 0x11, 0]),
    ]),
    // DC table 0: 12 symbols of length 4 (codes 0000..1011, never all ones).
    ...segment(0xc4, [
      0x00,
      0,
      0,
      0,
      12,
      ...Array<number>(12).fill(0),
      ...Array.from({ length: 12 }, (_, i) => i),
    ]),
    // AC table 0: one symbol, end of block (0x00), length 1.
    ...segment(0xc4, [0x10, 1, ...Array<number>(15).fill(0), 0x00]),
    ...segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]),
  ];
  const bits = new BitWriter("msb");
  const previous = [0, 0, 0];
  for (const [r, g, b] of blocks) {
    const ycc = [
      0.299 * r + 0.587 * g + 0.114 * b,
      128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
      128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
    ];
    ycc.forEach((level, c) => {
      // A flat 8x8 block of level L has DC = 8 * (L - 128) after the level shift.
      const dc = Math.round(8 * (Math.min(255, Math.max(0, level)) - 128));
      const diff = dc - previous[c]!;
      previous[c] = dc;
      const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      bits.write(category, 4);
      if (category > 0) bits.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
      bits.write(0, 1); // end of block
    });
  }
  return Buffer.concat([Buffer.from(header), bits.finish(), Buffer.from([0xff, 0xd9])]);
}

// ---- WebP (lossless VP8L, one colour: every prefix code has a single symbol, 0 bits a pixel) ----

export function solidWebp([r, g, b]: Rgb, width: number, height: number): Buffer {
  const bits = new BitWriter("lsb");
  bits.write(0x2f, 8); // VP8L signature
  bits.write(width - 1, 14);
  bits.write(height - 1, 14);
  bits.write(0, 1); // no alpha
  bits.write(0, 3); // version
  bits.write(0, 1); // no transform
  bits.write(0, 1); // no colour cache
  bits.write(0, 1); // no meta prefix codes
  // Green, red, blue, alpha, distance: "simple" codes with one 8-bit symbol each.
  for (const symbol of [g, r, b, 255, 0]) {
    bits.write(1, 1);
    bits.write(0, 1);
    bits.write(1, 1);
    bits.write(symbol, 8);
  }
  const data = bits.finish();
  const chunk = Buffer.concat([
    Buffer.from("VP8L"),
    u32le(data.length),
    data,
    data.length % 2 ? Buffer.from([0]) : Buffer.alloc(0),
  ]);
  return Buffer.concat([Buffer.from("RIFF"), u32le(4 + chunk.length), Buffer.from("WEBP"), chunk]);
}

function u32le(n: number) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

// ---- PDF (one page of text lines) --------------------------------------------------------------

export function onePagePdf(lines: string[]): Buffer {
  // WinAnsi-safe text: printable ASCII only, PDF string escapes.
  const text = lines
    .filter(Boolean)
    .map((line) => line.replace(/[^\x20-\x7e]/g, "?").replace(/[\\()]/g, (c) => `\\${c}`))
    .map((line, i) => `BT /F1 ${i === 0 ? 18 : 12} Tf 56 ${780 - i * 28} Td (${line}) Tj ET`)
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

// ---- Ogg Opus (mono, silence) ------------------------------------------------------------------

const OGG_CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggCrc(bytes: Buffer) {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

function oggPage(packets: Buffer[], flags: number, granule: bigint, sequence: number): Buffer {
  const lacing: number[] = [];
  for (const packet of packets) {
    let left = packet.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const header = Buffer.alloc(27);
  header.write("OggS", 0);
  header[5] = flags;
  header.writeBigUInt64LE(granule, 6);
  header.writeUInt32LE(0x5a4e4443, 14); // stream serial number
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  const page = Buffer.concat([header, Buffer.from(lacing), ...packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** `seconds` of silence as 20 ms CELT frames, the format of WhatsApp's voice notes. */
export function silentOggOpus(seconds: number): Buffer {
  const preSkip = 312;
  const head = Buffer.alloc(19);
  head.write("OpusHead", 0);
  head[8] = 1; // version
  head[9] = 1; // mono
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12);
  const vendor = "coex-hub sandbox";
  const tags = Buffer.concat([
    Buffer.from("OpusTags"),
    u32le(vendor.length),
    Buffer.from(vendor),
    u32le(0),
  ]);
  // TOC 0xF8: CELT fullband 20 ms, mono, one frame; 0xFF 0xFE decodes to silence.
  const frames = Array.from({ length: Math.round(seconds * 50) }, () =>
    Buffer.from([0xf8, 0xff, 0xfe]),
  );
  const granule = BigInt(preSkip + frames.length * 960);
  return Buffer.concat([
    oggPage([head], 0x02, 0n, 0),
    oggPage([tags], 0x00, 0n, 1),
    oggPage(frames, 0x04, granule, 2),
  ]);
}
