import type { PlanValues } from "@/lib/config";
import type { ToolVersions } from "@/lib/versions";
import { TYPED_PARAMS } from "./fields";
import type { PlanRuntime } from "./load-runtime";

/** How often each kind of value is run: V8 moves code that has run a few times to its faster tiers. */
const ROUNDS = 3;

/** The file the preview opens first, and the one most keystrokes change. */
const FIRST_FILE = "rotation.tf";

/** The performance mark the page makes once the whole warm-up (this and the form's share) is over. */
export const WARMED_UP_MARK = "keystroke-warm-up-done";

/** A schedule that takes the cron() path (its days read, its longest gap walked); the field's own example. */
const CRON_SCHEDULE = "cron(0 4 ? * SUN *)";

/**
 * What a keystroke runs in the plan runtime (the parameters it makes meaningless, the plan check, the
 * diagram, the file on screen), run on values like the ones typing makes, one step per `next()`.
 *
 * Why: otherwise the first keystrokes of a visit run this code for the first time, so V8 compiles it then
 * and runs it in its slowest tier. Run in background tasks once the runtime has arrived
 * (`useLivePlan`), that work is done before the user types. It is the runtime's share of a first key's
 * extra time only (the form's share is warmed beside it, in `useLivePlan`).
 * The values cover both ways a key leaves the plan: every typed field invalid (one character each), and
 * the plan as it is, with a cron() schedule too (the scanner opt-outs read its days).
 */
export function* keystrokeWarmUp(runtime: PlanRuntime, values: PlanValues, versions: ToolVersions): Generator<void, void, void> {
  const invalid: PlanValues = { ...values, ...Object.fromEntries(TYPED_PARAMS.map((param) => [param, "x"])) };
  const cron: PlanValues = { ...values, schedule: CRON_SCHEDULE };
  for (let round = 0; round < ROUNDS; round++) {
    for (const edited of [invalid, values, cron]) {
      runtime.unusedParams(edited);
      const explored = runtime.exploreWithExamples(edited);
      runtime.diagramOf(edited);
      yield;
      if (explored) {
        runtime.buildFile(explored.plan, versions, explored.examples, FIRST_FILE);
        yield;
      }
    }
  }
}
