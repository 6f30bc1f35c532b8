import { useRef, useState } from "react";
import type { PlanValues, Problem } from "@/lib/config";
import type { PlanRuntime } from "@/lib/ui/load-runtime";
import { readStored, STORAGE_KEYS, useStoredValue, writeStored } from "@/lib/ui/storage";

export interface PlanNotice {
  /** Where the plan came from: a shared link, or the plan remembered on this device. */
  source: "link" | "remembered";
  problems: readonly Problem[];
}

interface RememberedPlanOptions {
  /** What was wrong in the address, one problem per parameter. */
  urlProblems: readonly Problem[];
  /** The address named plan parameters: a shared link, which a remembered plan never overrides. */
  fromSharedLink: boolean;
  /** Puts other values in every field of the form. */
  resetTo: (values: PlanValues) => void;
  /** Whether the form's text is still what the page opened with (typing before the page was interactive changes it). */
  unchanged: () => boolean;
}

/**
 * The plan remembered on this device: whether to remember it (on unless the user opts out), bringing it
 * back when the runtime arrives (`restore`, for `usePlanRuntime`; unless the address named a plan or the
 * user has already typed, even before the page was interactive), and starting over from the defaults. The
 * notice lists what was wrong with the plan the page opened with, the link's or the remembered one.
 * `usePlanAddress` keeps the remembered plan up to date.
 */
export function useRememberedPlan({ urlProblems, fromSharedLink, resetTo, unchanged }: RememberedPlanOptions) {
  const [notice, setNotice] = useState<PlanNotice>({ source: "link", problems: urlProblems });
  const [restored, setRestored] = useState(false);
  const [rememberSetting, setRememberSetting] = useStoredValue(STORAGE_KEYS.rememberPlan, "on");
  const remember = rememberSetting !== "off";
  const userTyped = useRef(false);

  const restore = (runtime: PlanRuntime) => {
    const stored = fromSharedLink || readStored(STORAGE_KEYS.rememberPlan) === "off" ? null : readStored(STORAGE_KEYS.lastPlan);
    if (stored && !userTyped.current && unchanged()) {
      const decoded = runtime.decodePlanQuery(stored);
      resetTo(decoded.values);
      setRestored(true);
      if (decoded.problems.length > 0) setNotice({ source: "remembered", problems: decoded.problems });
    }
  };

  /** For the form's change events: from the first keystroke on, the user's values win over a remembered plan. */
  const noteTyping = () => {
    userTyped.current = true;
  };

  const setRemember = (on: boolean) => {
    setRememberSetting(on ? null : "off");
    if (!on) writeStored(STORAGE_KEYS.lastPlan, null);
  };

  /** The defaults, with nothing remembered and nothing in the address. */
  const startOver = (runtime: PlanRuntime | null) => {
    if (!runtime) return;
    resetTo(runtime.defaultValues());
    setRestored(false);
    setNotice({ source: "link", problems: [] });
    writeStored(STORAGE_KEYS.lastPlan, null);
    window.history.replaceState(null, "", window.location.pathname);
  };

  const dismissNotice = () => setNotice({ source: notice.source, problems: [] });

  return { notice, dismissNotice, restored, remember, setRemember, restore, noteTyping, startOver };
}
