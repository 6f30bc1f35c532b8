import { modelOf } from "../features";
import { flatMap } from "../flat-map";
import { attr, block } from "../hcl";
import { builtOnce } from "./files";

/** outputs.tf: every feature's outputs, in FEATURES order. */
export const outputsTf = builtOnce({
  path: "outputs.tf",
  blocks(input) {
    const model = modelOf(input);
    const outputs = flatMap(model.features, (feature) => feature.outputs?.(model) ?? []);
    return outputs.map((output) => block("output", [output.name], [attr("description", output.description), attr("value", output.value)]));
  },
});
