import type { FeatureTerraformPath } from "../bundle-files";
import { flatMap } from "../flat-map";
import type { HclBlock } from "../hcl";
import { terraformModel, type TerraformModel } from "../terraform/model";
import type { BundleInput } from "../types";
import { alerts } from "./alerts";
import { alternatingUsers } from "./alternating-users";
import { apiRoute } from "./api-route";
import { awsTemplate } from "./aws-template";
import { bundledFunction } from "./bundled-function";
import type { Feature } from "./feature";
import { functionNetwork } from "./function-network";
import { managedRotation } from "./managed-rotation";
import { rotationFunction } from "./rotation-function";
import { secret } from "./secret";
import { secretKey } from "./secret-key";

export type { Feature } from "./feature";

/**
 * Every feature a bundle may have: what is rotated, then what rotates it and how it is reached, then what
 * reports on it. Where several add to one list (a Terraform file's blocks, the variables, the outputs, the
 * README's costs…), they come in this order, so moving a feature moves its lines in the generated files.
 */
export const FEATURES: readonly Feature[] = [
  secret,
  alternatingUsers,
  secretKey,
  rotationFunction,
  functionNetwork,
  apiRoute,
  bundledFunction,
  awsTemplate,
  managedRotation,
  alerts,
];

/** Blocks by model and file: the file, the README and rotation.tf's depends_on all read them (npm run bench). */
const blocksByModel = new WeakMap<TerraformModel, Map<FeatureTerraformPath, readonly HclBlock[]>>();

/** The blocks the plan's features add to a Terraform file, in FEATURES order. Shared: never change them. */
export function featureBlocks(model: TerraformModel, path: FeatureTerraformPath): readonly HclBlock[] {
  let files = blocksByModel.get(model);
  if (!files) blocksByModel.set(model, (files = new Map()));
  let blocks = files.get(path);
  if (!blocks) files.set(path, (blocks = flatMap(model.features, (feature) => feature.terraform?.[path]?.(model) ?? [])));
  return blocks;
}

/** Models by input: every file of one bundle reads the same one (about 35 times a bundle, npm run bench). */
const models = new WeakMap<BundleInput, TerraformModel>();

/** The model every generator reads: the plan, its shape and the features it has. Inputs are not changed once made. */
export function modelOf(input: BundleInput): TerraformModel {
  let model = models.get(input);
  if (!model) {
    const { plan, features = FEATURES, examples = [] } = input;
    model = terraformModel(plan, features, examples);
    models.set(input, model);
  }
  return model;
}
