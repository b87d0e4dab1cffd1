import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mayHoldUnstorable, parseStoredBody, storableJson } from "./sanitize";

const stored = (value: unknown) => ({ body: JSON.stringify(value), bodyEncoding: "utf8" });
const NUL = String.fromCharCode(0);
const HIGH = String.fromCharCode(0xd83d);
const LOW = String.fromCharCode(0xde00);

describe("parseStoredBody", () => {
  it("replaces NUL and lone surrogates, keys included, and keeps everything else", () => {
    const body = {
      text: `a${NUL}b`,
      lone: `x${HIGH}y`,
      low: `${LOW}z`,
      [`k${NUL}`]: "v",
      emoji: "ok 😀",
    };
    expect(parseStoredBody(stored(body))).toEqual({
      text: "a\uFFFDb",
      lone: "x\uFFFDy",
      low: "\uFFFDz",
      "k\uFFFD": "v",
      emoji: "ok 😀",
    });
  });

  it("keeps escaped emoji pairs (as Meta sends them) and false alarms intact", () => {
    const escapedPair = String.raw`{"text":"hi \ud83d\ude00","path":"C:\\u0000dir"}`;
    expect(parseStoredBody({ body: escapedPair, bodyEncoding: "utf8" })).toEqual({
      text: "hi 😀",
      path: String.raw`C:\u0000dir`,
    });
  });

  it("gives the same result as cleaning every string, for any JSON", () => {
    const text = fc.string({ unit: "binary" });
    const json = fc.jsonValue({ maxDepth: 3, stringUnit: "binary" });
    fc.assert(
      fc.property(fc.oneof(text, json), (value) => {
        const body = stored(value);
        // The JSON round trip is what a stored body holds (-0 comes back as 0).
        expect(parseStoredBody(body)).toEqual(storableJson(JSON.parse(body.body)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("mayHoldUnstorable", () => {
  it.each([
    [String.raw`"\u0000"`, true],
    [String.raw`"\ud83d"`, true],
    [String.raw`"\uDE00"`, true],
    [String.raw`"\ud83d\ud83d\ude00"`, true],
    [String.raw`"\ude00\ud83d"`, true],
    [String.raw`"\ud83d\ude00"`, false],
    [String.raw`"\u00e9 caf\u00e9"`, false],
    ["plain text", false],
  ])("%s -> %s", (text, expected) => {
    expect(mayHoldUnstorable(text)).toBe(expected);
  });
});
