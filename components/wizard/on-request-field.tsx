import { useState, type ReactNode } from "react";
import { useFormContext, useWatch } from "react-hook-form";
import type { PlanParam, PlanValues } from "@/lib/config";

/**
 * Parameters the form asks for only on request, with the words of the disclosure that reveals them: the
 * bundle finds the VPC from the subnets, so its id is a check the user may add, not a question.
 */
export const ON_REQUEST: Partial<Record<PlanParam, string>> = {
  vpc: "Also check the VPC id",
};

interface OnRequestFieldProps {
  param: PlanParam;
  /** The field itself. */
  children: ReactNode;
}

/**
 * A field inside a disclosure, open when the field holds a value (a shared link's, a remembered plan's) or
 * once the user opens it. A native `<details>`: it works without JavaScript, and the field stays in the
 * form (a plan parameter either way). Navigation that focuses the field opens it first (use-step-navigation).
 */
export function OnRequestField({ param, children }: OnRequestFieldProps) {
  const { control } = useFormContext<PlanValues>();
  const value = useWatch({ control, name: param });
  const [opened, setOpened] = useState(false);
  const open = opened || String(value ?? "").trim() !== "";
  return (
    <details className="on-request" open={open} onToggle={(event) => setOpened(event.currentTarget.open)}>
      <summary data-testid={`reveal-${param}`}>{ON_REQUEST[param]}</summary>
      {children}
    </details>
  );
}
