import { describe, expect, it } from "vitest";
import { bundleOf, testPlan } from "@/tests/support/plans";
import type { PlanValues } from "@/lib/config";
import { changedPaths, fileToFollow } from "./follow-edit";

/** What the preview does when the user changes one thing: which files it marks, and which one it opens. */
function edit(showing: string, changes: Partial<PlanValues>) {
  const before = bundleOf(testPlan());
  const after = bundleOf(testPlan(changes));
  const changed = changedPaths(before, after);
  return { changed, opens: fileToFollow(after, changed, showing) };
}

describe("the preview follows an edit", () => {
  it("opens the file a schedule change lands in, and marks it", () => {
    const { changed, opens } = edit("lambda.tf", { days: "7" });
    expect(changed.has("rotation.tf")).toBe(true);
    expect(changed.has("lambda.tf")).toBe(false);
    expect(opens).toBe("rotation.tf");
  });

  it("marks a file the edit adds, and opens it when the shown file did not change", () => {
    const { changed, opens } = edit("lambda.tf", { alarm: "ops@example.com" });
    expect(changed.has("monitoring.tf")).toBe(true);
    expect(changed.has("lambda.tf")).toBe(false);
    // The first changed file in bundle order that is not the README, which every edit changes.
    expect(opens).not.toBe("README.md");
    expect(changed.has(opens)).toBe(true);
  });

  it("stays on the shown file when the edit changed it too", () => {
    const { changed, opens } = edit("lambda.tf", { runtime: "python3.12" });
    expect(changed.has("lambda.tf")).toBe(true);
    expect(opens).toBe("lambda.tf");
  });

  it("stays put when nothing changed", () => {
    const { changed, opens } = edit("iam.tf", {});
    expect(changed.size).toBe(0);
    expect(opens).toBe("iam.tf");
  });
});
