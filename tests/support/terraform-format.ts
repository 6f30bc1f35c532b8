/** `terraform fmt -check`, offline: a file is canonical when `@cdktf/hcl-tools` `format` leaves it unchanged. */
import { format } from "@cdktf/hcl-tools";
import { blockAddressAtLine, isTerraformFile, isTfvarsFile, type TerraformProblem } from "./terraform-model";

/**
 * Checks every `.tf` and `.tfvars` file (`terraform fmt` rewrites both) and reports the first line that
 * differs from the formatter's output, with the block it is in.
 */
export async function checkFormatting(files: Record<string, string>): Promise<TerraformProblem[]> {
  const problems: TerraformProblem[] = [];
  for (const [file, content] of Object.entries(files)) {
    if (!isTerraformFile(file) && !isTfvarsFile(file)) continue;
    const canonical = await format(content);
    if (canonical === content) continue;
    const line = firstDifferentLine(content, canonical);
    problems.push({
      file,
      address: blockAddressAtLine(content, line.number),
      message:
        `Not terraform fmt canonical: line ${line.number} is ${JSON.stringify(line.actual)}, ` +
        `terraform fmt makes it ${JSON.stringify(line.expected)}`,
    });
  }
  return problems;
}

const END_OF_FILE = "(end of file)";

function firstDifferentLine(actual: string, expected: string) {
  const actualLines = actual.split("\n");
  const expectedLines = expected.split("\n");
  let index = 0;
  while (actualLines[index] === expectedLines[index]) index++;
  return {
    number: index + 1,
    actual: actualLines[index] ?? END_OF_FILE,
    expected: expectedLines[index] ?? END_OF_FILE,
  };
}
