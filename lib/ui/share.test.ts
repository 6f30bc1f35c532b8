import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { curlCommand, shareUrl, shellQuote } from "./share";

/** What a POSIX shell makes of a command line: its words, one per line (NUL-free input only). */
function shellWords(commandLine: string): string[] {
  const output = execFileSync("sh", ["-c", `for word in ${commandLine}; do printf '%s\\0' "$word"; done`], { encoding: "utf8" });
  return output.split("\0").slice(0, -1);
}

describe("shellQuote", () => {
  it("keeps any text, quotes and all, as one word", () => {
    const samples = ["app-db-rotation.zip", "it's", "'", "''", "a b", "$(rm -rf /)", "`x`", "a\\b", '"', "*", "~", "\n", "%27%22"];
    for (const word of samples) expect(shellWords(shellQuote(word)), JSON.stringify(word)).toEqual([word]);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((text) => !text.includes("\0")), (word) => {
        expect(shellWords(shellQuote(word))).toEqual([word]);
      }),
      { numRuns: 60 },
    );
  });
});

describe("curlCommand", () => {
  it("names the zip and quotes the API URL, a ' in the query included", () => {
    const command = curlCommand("http://127.0.0.1:3000", "app-db-rotation.zip", "exclude='%22&days=7");
    expect(command).toBe("curl -fo app-db-rotation.zip 'http://127.0.0.1:3000/api/bundle?exclude='\\''%22&days=7'");
    expect(shellWords(command.replace(/^curl /, ""))).toEqual(["-fo", "app-db-rotation.zip", "http://127.0.0.1:3000/api/bundle?exclude='%22&days=7"]);
  });

  it("has no query for the default plan", () => {
    expect(curlCommand("https://example.com", "app-db-rotation.zip", "")).toBe("curl -fo app-db-rotation.zip 'https://example.com/api/bundle'");
  });
});

describe("shareUrl", () => {
  it("is the page with the plan's query", () => {
    expect(shareUrl("https://example.com", "/", "engine=mysql&days=7")).toBe("https://example.com/?engine=mysql&days=7");
    expect(shareUrl("https://example.com", "/", "")).toBe("https://example.com/");
  });
});
