import { useMemo, useState } from "react";
import type { AskedVariable, NextSteps } from "@/lib/generators/next-steps";
import type { PlanRuntime } from "@/lib/ui/load-runtime";
import type { ToolVersions } from "@/lib/versions";
import type { CompletePlan } from "./use-live-plan";

interface BundleDownloadOptions {
  complete: CompletePlan | null;
  runtime: PlanRuntime | null;
  versions: ToolVersions;
}

/**
 * The download and what surrounds it: before it, the variables Terraform will ask for; after it, the
 * commands to run, for as long as the plan is the one downloaded. Every way to download (Review's button,
 * the preview's, Ctrl+Enter) goes through `download`, so each of them leads to the commands.
 */
export function useBundleDownload({ complete, runtime, versions }: BundleDownloadOptions) {
  // The share query of the plan last downloaded: an edit since then makes the commands another plan's.
  const [downloaded, setDownloaded] = useState<string | null>(null);
  const plan = complete?.plan ?? null;
  const asks: AskedVariable[] | null = useMemo(() => (plan && runtime ? runtime.terraformAsks({ plan, versions }) : null), [plan, runtime, versions]);
  const current = complete !== null && downloaded === complete.query;
  const steps: NextSteps | null = useMemo(() => (current && plan && runtime ? runtime.nextSteps({ plan, versions }) : null), [current, plan, runtime, versions]);
  const download = useMemo(
    () =>
      complete
        ? () => {
            // The query of the plan saved: the values on screen, which may be a keystroke ahead of `complete`.
            const saved = complete.download();
            if (saved !== null) setDownloaded(saved);
          }
        : null,
    [complete],
  );
  return { download, asks, nextSteps: steps };
}
