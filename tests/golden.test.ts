import { describe, expect, it } from "vitest";
import { GOLDEN_PLANS, goldenBundle, readGolden } from "./support/golden";

describe.each(Object.keys(GOLDEN_PLANS))("golden bundle %s", (name) => {
  const generated = goldenBundle(name)
    .map((file) => ({ path: file.path, content: file.content, executable: file.executable === true }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const golden = readGolden(name);
  const hint = `generated output differs from tests/golden/${name}; if the change is meant, run npm run golden:update and review the diff`;

  it("has the same files", () => {
    expect(generated.map((file) => file.path), hint).toEqual(golden.map((file) => file.path));
  });

  it.each(generated.map((file) => file.path))("%s is byte-identical", (path) => {
    const mine = generated.find((file) => file.path === path)!;
    const kept = golden.find((file) => file.path === path);
    expect(kept, hint).toBeDefined();
    expect(mine.content, hint).toBe(kept!.content);
    expect(mine.executable, hint).toBe(kept!.executable);
  });
});
