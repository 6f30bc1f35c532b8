import { MINIMUM_TERRAFORM } from "@/lib/versions";
import { modelOf } from "../features";
import { flatMap } from "../flat-map";
import { attr, block } from "../hcl";
import { builtOnce } from "./files";

/** `~> 6.47`: any later minor or patch release of the same major version, as `terraform init -upgrade` allows. */
function compatibleWith(version: string): string {
  const [major, minor] = version.split(".");
  return `~> ${major}.${minor}`;
}

export const versionsTf = builtOnce({
  path: "versions.tf",
  blocks(input) {
    const { versions } = input;
    const model = modelOf(input);
    const extra = [...new Set(flatMap(model.features, (feature) => feature.providers ?? []))];
    const providers = [
      attr("aws", { source: "hashicorp/aws", version: compatibleWith(versions.providers.aws) }),
      ...extra.map((name) => attr(name, { source: `hashicorp/${name}`, version: compatibleWith(versions.providers[name]) })),
    ];
    return [
      block(
        "terraform",
        [],
        [attr("required_version", `>= ${MINIMUM_TERRAFORM}`), block("required_providers", [], providers)],
        [
          model.createsSecret
            ? `Terraform ${MINIMUM_TERRAFORM} or later: the initial password goes through a write-only argument and an ephemeral variable.`
            : `Terraform ${MINIMUM_TERRAFORM} or later.`,
          `Provider versions as known on ${versions.checkedOn}, when Terraform ${versions.terraform} was the newest release we knew of.`,
        ],
      ),
    ];
  },
});
