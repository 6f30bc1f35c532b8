/**
 * The fixture module of the offline `terraform validate` tests (tests/terraform-check*.test.ts) and the
 * helpers that break it one way at a time. Shared, so that the tests can be split by the check they prove.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { checkTerraformModule, describeProblems, type TerraformProblem } from "./terraform-check";

const FIXTURE = fileURLToPath(new URL("./terraform-fixtures/rotation-module/", import.meta.url));

/** The fixture module's files: valid Terraform that every check passes. */
export const valid: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync(FIXTURE).map((file) => [file, readFileSync(path.join(FIXTURE, file), "utf8")]),
);

/** The fixture with one text replaced; fails loudly if the fixture no longer contains it. */
export function changed(file: string, from: string, to: string): Record<string, string> {
  const content = valid[file];
  if (!content?.includes(from)) throw new Error(`fixture ${file} no longer contains ${JSON.stringify(from)}`);
  return { ...valid, [file]: content.replace(from, to) };
}

/** The fixture plus one more file. */
export function added(file: string, content: string): Record<string, string> {
  return { ...valid, [file]: content };
}

export function problem(address: string, message: string, file?: string) {
  return expect.objectContaining({ address, message: expect.stringContaining(message), ...(file ? { file } : {}) });
}

export async function expectProblems(files: Record<string, string>, expected: unknown[]): Promise<TerraformProblem[]> {
  const problems = await checkTerraformModule(files);
  expect(problems, describeProblems(problems)).toEqual(expected);
  return problems;
}
