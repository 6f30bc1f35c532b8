import type { TfBlock } from "../../terraform/project";
import { finding, type Finding } from "../../types";
import { invokePermissions, type Context } from "../context";
import { failureAlerts } from "./alerts";
import { databasePort } from "./database-port";
import { iamActions } from "./iam-actions";
import { networkOf, stackChecks } from "./network";
import { invokePermission, rotationOrder, unscopedPermission } from "./permission";
import { functionMissing, noFunctionFindings, rotationMissing } from "./rotation";
import { runtimeOf } from "./runtime";
import { scheduleOf } from "./schedule";
import { passwordsInState, secretValue } from "./secret-state";
import { commentedRotations, functionsOf, isDatabaseSecret } from "./shared";

/**
 * The Terraform rules. Each reads the context (secrets, rotations, functions) and reports findings with a
 * place, a consequence and a fix; the catalogue (catalogue.ts) says why each has its severity. This module
 * only runs them, in the order the findings are reported; each area's rules live in a module of its own
 * (rotation, permission, iam-actions, network, database-port, runtime, schedule, secret-state, alerts).
 */

export function terraformFindings(ctx: Context): Finding[] {
  const findings: Finding[] = [];
  for (const problem of ctx.project.parseProblems) {
    findings.push(
      finding(
        "terraform-invalid",
        "error",
        { file: problem.file, line: problem.line },
        `${problem.file} does not parse: ${problem.message} (line ${problem.line}, column ${problem.column})`,
        "Terraform stops at the first syntax error, so it plans and applies nothing of this configuration, rotation included. The rest of this diagnosis sees only the resource names this file declares, not their arguments.",
        `Correct the syntax at line ${problem.line} of ${problem.file}, then run terraform validate.`,
      ),
    );
  }
  const commented = commentedRotations(ctx);
  const checkedFunctions = new Set<TfBlock>();
  const checkedPermissions = new Set<TfBlock>();

  for (const target of ctx.secrets) {
    const databaseSecret = isDatabaseSecret(target, commented);
    findings.push(...rotationMissing(ctx, target, commented, databaseSecret));
    findings.push(...functionMissing(ctx, target, databaseSecret));

    const functions = functionsOf(ctx, target);
    for (const { fn, rotation } of functions) {
      if (fn.kind === "lambda") {
        const permissions = invokePermissions(ctx.project, fn.block);
        findings.push(...iamActions(ctx, target, fn.block));
        if (!checkedFunctions.has(fn.block)) {
          checkedFunctions.add(fn.block);
          findings.push(...invokePermission(ctx, target, fn.block, permissions));
          findings.push(...networkOf(ctx, target, fn.block));
          findings.push(...runtimeOf(ctx, fn.block));
        }
        for (const permission of permissions) {
          if (checkedPermissions.has(permission)) continue;
          checkedPermissions.add(permission);
          findings.push(...unscopedPermission(target, permission));
        }
        if (rotation) findings.push(...rotationOrder(ctx, rotation, fn.block, permissions));
        findings.push(...databasePort(ctx, target, fn.block));
      } else if (fn.kind === "stack") {
        findings.push(...stackChecks(ctx, target, fn.block, checkedFunctions));
      }
    }
    for (const rotation of target.rotations) findings.push(...scheduleOf(ctx, rotation));
    findings.push(...secretValue(ctx, target));
  }
  findings.push(...noFunctionFindings(ctx));
  findings.push(...passwordsInState(ctx));
  findings.push(...failureAlerts(ctx));
  return findings;
}
