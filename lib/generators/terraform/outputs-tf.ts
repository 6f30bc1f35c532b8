import { modelOf } from "../features";
import { attr, block } from "../hcl";
import { builtOnce } from "./files";

/** outputs.tf: every feature's outputs, in FEATURES order. */
export const outputsTf = builtOnce({
  path: "outputs.tf",
  blocks(input) {
    const model = modelOf(input);
    return model.features
      .flatMap((feature) => feature.outputs?.(model) ?? [])
      .map((output) => block("output", [output.name], [attr("description", output.description), attr("value", output.value)]));
  },
});
