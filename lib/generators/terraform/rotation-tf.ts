import { isFeatureTerraformPath, TERRAFORM_PATHS } from "../bundle-files";
import { featureBlocks, modelOf } from "../features";
import { flatMap } from "../flat-map";
import { attr, block, HclCall, HclRaw, raw, resource, type HclBlock, type HclNode, type HclValue } from "../hcl";
import type { BundleInput } from "../types";
import { builtOnce } from "./files";
import { variablesTf } from "./variables-tf";

const ROTATION_ADDRESS = "aws_secretsmanager_secret_rotation.this";

export const rotationTf = builtOnce({
  path: "rotation.tf",
  blocks(input) {
    const { plan } = input;
    const model = modelOf(input);
    const schedule = plan.schedule !== "" ? attr("schedule_expression", plan.schedule) : attr("automatically_after_days", plan.days);
    const body: HclNode[] = [
      attr("secret_id", model.refs.secretArn),
      ...(model.refs.functionArn !== null ? [attr("rotation_lambda_arn", model.refs.functionArn)] : []),
      attr("rotate_immediately", plan.immediately),
      block("rotation_rules", [], [schedule, plan.window !== "" && attr("duration", plan.window)]),
    ];
    const prerequisites = lastPrerequisites(input, body);
    return [
      resource(
        "aws_secretsmanager_secret_rotation",
        "this",
        [...body, prerequisites.length > 0 && attr("depends_on", prerequisites.map(raw))],
        [
          model.usesFunction
            ? "Turns rotation on. Without this resource nothing ever calls the function and the password never changes."
            : "Managed rotation: the database service rotates its master user's secret itself, no function involved; this sets when.",
          plan.immediately
            ? "rotate_immediately: the first rotation runs as soon as this is applied, which proves the setup works."
            : "rotate_immediately is off: the first rotation waits for the schedule; test it with scripts/test-rotation.sh.",
          ...(prerequisites.length > 0
            ? [
                "depends_on: rotation starts only once every other resource and check of the bundle is in place (these",
                model.usesFunction
                  ? "are the ones nothing else waits for): a first rotation that fails half way leaves the secret marked as rotating."
                  : "are the ones nothing else waits for).",
                ...(model.sendsAlerts ? ["The alerts are among them, so a failing first rotation is reported."] : []),
              ]
            : []),
        ],
      ),
    ];
  },
});

/**
 * Every block the rotation may have to wait for, in bundle order: the placement checks of variables.tf and
 * the features' blocks (versions.tf and outputs.tf hold neither resources nor data sources).
 */
function otherBlocks(input: BundleInput): HclBlock[] {
  const model = modelOf(input);
  return [...variablesTf.blocks(input), ...flatMap(TERRAFORM_PATHS.filter(isFeatureTerraformPath), (path) => featureBlocks(model, path))];
}

/**
 * The addresses the rotation must wait for so that it comes after every resource and data source of the
 * bundle: those that neither the rotation nor any other block refers to (the others come before the ones
 * that refer to them). Found from the blocks themselves, so a resource added to another file is waited for
 * without being listed here.
 *
 * Not memoised: rotation.tf's blocks are built once per bundle input (`builtOnce`), and the file, the README
 * and the preview all read those, so this runs once a bundle.
 */
function lastPrerequisites(input: BundleInput, rotationBody: readonly HclNode[]): string[] {
  const blocks = otherBlocks(input);
  const declared = new Set<string>();
  for (const b of blocks) {
    const address = addressOf(b);
    if (address !== null) declared.add(address);
  }
  // A local passes on what it refers to: `local.x` counts as a reference to each address in its value.
  const viaLocal = new Map<string, string[]>();
  const scope: Scope = { declared, viaLocal };
  for (const locals of blocks) {
    if (locals.type !== "locals") continue;
    for (const node of locals.body) if (node.kind === "attribute") viaLocal.set(`local.${node.name}`, referencesIn([node], scope));
  }
  const edges = new Map<string, string[]>();
  for (const b of blocks) {
    const address = addressOf(b);
    if (address !== null) edges.set(address, referencesIn(b.body, scope).filter((r) => r !== address));
  }
  // Nothing may wait for the rotation and come before it: that would be a cycle.
  const afterRotation = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const [address, references] of edges) {
      if (!afterRotation.has(address) && references.some((r) => r === ROTATION_ADDRESS || afterRotation.has(r))) {
        afterRotation.add(address);
        grew = true;
      }
    }
  }
  const referenced = new Set(referencesIn(rotationBody, scope));
  for (const references of edges.values()) for (const r of references) referenced.add(r);
  return [...declared].filter((address) => !referenced.has(address) && !afterRotation.has(address));
}

/** `type.name` of a resource, `data.type.name` of a data source; null for other blocks. */
function addressOf(b: HclBlock): string | null {
  if (b.type === "resource") return b.labels.join(".");
  if (b.type === "data") return ["data", ...b.labels].join(".");
  return null;
}

/** What a reference is read against: the declared addresses, and what each local passes on. */
interface Scope {
  declared: ReadonlySet<string>;
  viaLocal: ReadonlyMap<string, string[]>;
}

/** The declared addresses that expressions in these nodes refer to. Quoted literals are text, never references. */
function referencesIn(nodes: readonly HclNode[], scope: Scope): string[] {
  const found = new Set<string>();
  for (const node of nodes) addNodeReferences(node, scope, found);
  return [...found];
}

/*
 * The walk below passes one `found` set down rather than a callback, and steps over literals first: it visits
 * every value of every block of the bundle (each policy statement, each tag), about a tenth of a bundle's time.
 */

function addNodeReferences(node: HclNode, scope: Scope, found: Set<string>): void {
  if (node.kind === "attribute") addValueReferences(node.value, scope, found);
  else if (node.kind === "block") for (const child of node.body) addNodeReferences(child, scope, found);
}

/** References only ever appear in raw expressions: strings, numbers and the like are literals. */
function addValueReferences(value: HclValue, scope: Scope, found: Set<string>): void {
  if (typeof value !== "object" || value === null) return;
  if (value instanceof HclRaw) addExpressionReferences(value.text, scope, found);
  else if (value instanceof HclCall) for (const arg of value.args) addValueReferences(arg, scope, found);
  else if (Array.isArray(value)) for (const item of value as readonly HclValue[]) addValueReferences(item, scope, found);
  else {
    const object = value as { readonly [key: string]: HclValue };
    for (const key in object) addValueReferences(object[key]!, scope, found);
  }
}

function addExpressionReferences(expression: string, { declared, viaLocal }: Scope, found: Set<string>): void {
  // One expression at a time: a reference never spans two, and no joined copy of them all is made.
  for (let match = REFERENCE.exec(expression); match !== null; match = REFERENCE.exec(expression)) {
    const token = match[0];
    if (declared.has(token)) found.add(token);
    else for (const address of viaLocal.get(token) ?? NONE) found.add(address);
  }
}

const NONE: readonly string[] = [];

/** `type.name`, `data.type.name` or `local.name` (other roots, like var. or each., are not declared). */
const REFERENCE = /\b(?:data\.)?[A-Za-z]\w*\.[A-Za-z_][\w-]*/g;
