"use client";

import { useEffect } from "react";

/**
 * Marks `<html data-hydrated>` (and the performance mark `hydrated`) once React has hydrated the root
 * layout. Every page has it, so the benchmark (bench/load.ts) measures "hydrated" the same way on the
 * wizard and on the not-found page. It renders nothing and is the layout's first child: its effect runs
 * first in the hydration commit, before any page effect starts loading more code.
 */
export function HydrationMark() {
  useEffect(() => {
    performance.mark("hydrated");
    document.documentElement.setAttribute("data-hydrated", "");
  }, []);
  return null;
}
