import { runtimeStatus, SUGGESTED_RUNTIME } from "../../runtimes";
import { attributeOf, type TfBlock } from "../../terraform/project";
import { stringValue } from "../../terraform/values";
import { finding, hcl, type Finding } from "../../types";
import type { Context } from "../context";
import { at } from "./shared";

/** runtime-deprecated: a function on a Lambda runtime that is deprecated, or soon will be. */

export function runtimeOf(ctx: Context, fn: TfBlock): Finding[] {
  const attribute = attributeOf(fn, "runtime");
  const runtime = stringValue(fn.module, attribute?.expr);
  if (runtime === null) return [];
  const status = runtimeStatus(runtime, ctx.now);
  if (status.kind === "deprecated") {
    return [
      finding(
        "runtime-deprecated",
        "warning",
        at(fn, attribute?.line),
        `${fn.address} uses ${runtime}, which Lambda deprecated on ${status.since}`,
        "Lambda still runs functions on a deprecated runtime, but no longer patches it, then blocks creating and later updating functions that use it: a later apply that changes the function fails, in the middle of a fix.",
        `Move to a supported runtime (and rebuild the package for it):\n\n${hcl(`runtime = "${SUGGESTED_RUNTIME}"`)}`,
      ),
    ];
  }
  if (status.kind === "soon") {
    return [
      finding(
        "runtime-deprecated",
        "info",
        at(fn, attribute?.line),
        `${fn.address} uses ${runtime}, which Lambda deprecates on ${status.on}`,
        "After that date Lambda stops patching the runtime, then blocks creating and updating functions that use it.",
        `Plan the move to a newer runtime:\n\n${hcl(`runtime = "${SUGGESTED_RUNTIME}"`)}`,
      ),
    ];
  }
  return [];
}
