import { ENGINE_FACTS, encodePlanQuery, type Plan, type PlanParam } from "@/lib/config";
import { PARAM_LABELS } from "@/lib/config/labels";
import { bundleFolder } from "@/lib/bundle/zip";
import { listInWords } from "@/lib/words";
import { describeBundleFile } from "./bundle-files";
import { explainBlocks } from "./explain";
import { modelOf } from "./features";
import { PREREQUISITE_SUBJECTS, type ReadmeContribution, type TroubleshootingRow } from "./features/feature";
import { flatMap } from "./flat-map";
import { renderHclFile, type HclBlock } from "./hcl";
import { code, codeBlock, document, heading, list, table } from "./markdown";
import { nextSteps } from "./next-steps";
import { TERRAFORM_FILES, type TerraformFile } from "./terraform";
import type { TerraformModel } from "./terraform/model";
import { scannerOptOuts } from "./terraform/scanner-opt-outs";
import { arnPlacement, moduleCall } from "./terraform/variables";
import type { BundleInput } from "./types";

/** A file of the bundle as the README and the preview describe it. */
export interface FileDescription {
  path: string;
  summary: string;
}

/**
 * The bundle's README: what was generated and why, how to apply and test it, and how to regenerate it.
 * What every bundle has is written here; each feature adds its sections, prerequisites, commands,
 * troubleshooting rows and costs (features/feature.ts says where they go). The resource explanations are
 * the comments of the Terraform blocks themselves, so the README, the preview and the code never disagree.
 */
export function renderReadme(input: BundleInput, files: readonly FileDescription[]): string {
  const { plan, versions } = input;
  const model = modelOf(input);
  /** What the plan's features add to one part of the README, in FEATURES order. */
  const added = (part: (readme: ReadmeContribution) => ((model: TerraformModel) => string[]) | undefined) =>
    flatMap(model.features, (feature) => (feature.readme && part(feature.readme)?.(model)) ?? []);
  // Each Terraform file's blocks, built once for the explanations and the scanners' opt-outs.
  const terraform = TERRAFORM_FILES.map((file) => ({ file, blocks: file.blocks(input) }));
  // The wizard shows the same commands after a download (next-steps.ts).
  const commands = nextSteps(input);
  return document([
    heading(1, `Password rotation for ${code(plan.name)}`),
    `This bundle makes AWS Secrets Manager rotate the password of a ${ENGINE_FACTS[plan.engine].label} ${model.usesFunction ? "user" : "master user"} ${describeSchedule(plan)}. ` +
      whatItHolds(model, added((readme) => readme.inYourVpc)),
    heading(2, "What was generated"),
    table(["File", "Why it is here"], files.map((file) => [code(file.path), file.summary])),
    heading(2, "Every resource, and why it matters"),
    ...flatMap(terraform, ({ file, blocks }) => describeResources(file, blocks)),
    ...added((readme) => readme.sections?.afterResources),
    ...scannerSection(model, flatMap(terraform, ({ blocks }) => blocks)),
    heading(2, "Before you apply"),
    list([
      `Terraform ${versions.terraform} or any release from 1.11 on, and AWS credentials for the target account and region (${code("AWS_PROFILE")} or ${code("AWS_REGION")} as usual)` +
        placementNote(model),
      ...flatMap(PREREQUISITE_SUBJECTS, (subject) => added((readme) => readme.prerequisites?.[subject])),
    ]),
    ...added((readme) => readme.sections?.afterPrerequisites),
    heading(2, "Apply"),
    codeBlock("sh", commands.apply.join("\n")),
    ...added((readme) => readme.sections?.afterApply),
    heading(2, "Use it as a module"),
    `The bundle has no ${code("provider")} block, so it also works as a child module of your own configuration, with your AWS provider. ` +
      `A child module does not read ${code("terraform.tfvars")}: pass its values in the module block.`,
    codeBlock("hcl", renderHclFile([moduleCall(model, bundleFolder(plan.name))])),
    heading(2, "Test the rotation"),
    `${code("scripts/test-rotation.sh")} starts one rotation with the AWS CLI, or waits for the one already under way (the first rotation starts ` +
      `${plan.immediately ? "with the apply" : "on the schedule"}), until the new version is ${code("AWSCURRENT")}. It exits 0 when the password rotated, ` +
      `1 when the rotation failed or did not finish within five minutes` +
      `${model.usesFunction ? " (it then prints the function's last log lines)" : ""}, and 2 when it could not ask. ` +
      `Run it once after the first apply: a rotation that has never run is a rotation that does not work.`,
    codeBlock("sh", commands.test.join("\n")),
    heading(2, "Troubleshooting"),
    table(
      [model.usesFunction ? "Symptom in the function's logs" : "Symptom", "Cause", "Fix"],
      [...flatMap(model.features, (feature) => feature.readme?.troubleshooting ?? []), UNFINISHED_ROTATION]
        .filter((row) => row.when?.(model) ?? true)
        .map((row) => [row.symptom, row.cause, typeof row.fix === "string" ? row.fix : row.fix(model)]),
    ),
    heading(2, "What it costs"),
    list(added((readme) => readme.costs)),
    heading(2, "Regenerate this bundle"),
    ...regenerateSection(plan, model.examples),
  ]);
}

/**
 * The plan that regenerates this bundle. Example values (the wizard's, never the user's) are left out, so the
 * plan shown is the user's own, with those parameters still to fill in.
 */
function regenerateSection(plan: Plan, examples: readonly PlanParam[]): string[] {
  const empty: Partial<Record<PlanParam, unknown>> = { subnets: [], master: "", secret: "" };
  const own = { ...plan, ...Object.fromEntries(examples.map((param) => [param, empty[param] ?? ""])) } as Plan;
  return [
    examples.length > 0 &&
      `This bundle was generated with example values for ${examples.map((param) => `“${PARAM_LABELS[param]}”`).join(", ")} (see ${code("terraform.tfvars")}); ` +
        "the plan below leaves them out: add your own before you regenerate.",
    `Open the wizard with this query string, or pass it to ${code("npm run generate -- --query")}:`,
    codeBlock("text", `?${encodePlanQuery(own)}`),
    "The plan, as JSON (for the CLI's --plan or the API's POST /api/bundle):",
    codeBlock("json", JSON.stringify(own, null, 2)),
  ].filter((part): part is string => part !== false);
}

/** The pieces the bundle holds, as the Terraform files below have them. */
function whatItHolds(model: TerraformModel, inYourVpc: readonly string[]): string {
  if (!model.usesFunction) {
    return "The database service rotates it itself (managed rotation), so this bundle holds only the rotation schedule: no function, no permissions and no network rules.";
  }
  const secret = model.createsSecret ? "the secret and its first value, the schedule" : "the schedule for your existing secret";
  const rotation = model.bundledFunction
    ? `It holds ${secret}, the rotation function, its permissions and the permission for Secrets Manager to call it.`
    : `It holds ${secret}, and AWS's rotation function for ${ENGINE_FACTS[model.plan.engine].label}, deployed from AWS's template, which brings its own role and invoke permission.`;
  return inYourVpc.length === 0
    ? `${rotation} It adds no network rules: the function runs with your security groups, which must already let it reach the database and the Secrets Manager API.`
    : `${rotation} In your VPC it adds ${listInWords(inYourVpc)}.`;
}

/** Every bundle can be left half rotated; with a function, its logs say why. */
const UNFINISHED_ROTATION: TroubleshootingRow = {
  symptom: "A previous rotation is still pending",
  cause: "An earlier rotation failed half way and left an AWSPENDING version.",
  fix: (model) =>
    model.usesFunction
      ? "Fix the cause in the logs. Secrets Manager reattempts the unfinished rotation from its AWSPENDING version; scripts/test-rotation.sh waits for it and reports the outcome."
      : "Find the cause in the secret's rotation status (aws secretsmanager describe-secret). Secrets Manager reattempts the unfinished rotation; scripts/test-rotation.sh waits for it and reports the outcome.",
};

/** Where a resource opts out of a security scanner's check, with the reason it gives in place. */
function scannerSection(model: TerraformModel, blocks: readonly HclBlock[]): string[] {
  const optOuts = scannerOptOuts(blocks, model);
  const intro =
    `Many organisations run checkov, trivy or tfsec on every pull request. Where a resource of this bundle deliberately departs from one of ` +
    `their checks, it says so in place with the scanners' inline comment and the reason: ${code("# checkov:skip=ID:reason")} inside the resource, ` +
    `${code("# trivy:ignore:ID")} just above it.`;
  return [
    heading(2, "Security scanners"),
    optOuts.length === 0 ? `${intro} No resource of this bundle does.` : `${intro} These do:`,
    ...(optOuts.length === 0
      ? []
      : [list(optOuts.map((optOut) => `${code(optOut.address)} — ${[optOut.checkov, optOut.trivy].filter((id): id is string => id !== undefined).map(code).join(", ")}: ${optOut.reason}.`))]),
  ];
}

function describeSchedule(plan: Plan): string {
  if (plan.schedule !== "") return `on the schedule ${code(plan.schedule)}`;
  return plan.days === 1 ? "every day" : `every ${plan.days} days`;
}

function describeResources(file: TerraformFile, blocks: readonly HclBlock[]): string[] {
  const resources = explainBlocks(blocks);
  if (resources.length === 0) return [];
  return [heading(3, code(file.path)), describeBundleFile(file.path), list(resources.map(({ address, why }) => `${code(address)} — ${why}`))];
}

/** Where the plan's ARNs say the bundle must be applied, after the credentials sentence. */
function placementNote(model: TerraformModel): string {
  const { region, account } = arnPlacement(model);
  const where = [region && `region ${code(region)}`, account && `account ${code(account)}`].filter(Boolean).join(" and ");
  return where === "" ? "." : `: ${where}, those of the plan's ARNs. Anywhere else ${code("terraform plan")} stops before anything is created.`;
}
