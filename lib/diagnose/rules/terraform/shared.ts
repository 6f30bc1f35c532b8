import { attributeOf, type TfBlock } from "../../terraform/project";
import { stringValue } from "../../terraform/values";
import { unclaimedRotationFunctions, type Context, type FunctionRef, type RotationInfo, type SecretTarget, type Where } from "../context";

/**
 * What several Terraform rule areas need: where a finding points, how a fix names the secret, which
 * functions rotate a secret, whether a secret looks like database credentials, and rotation resources
 * left inside comments. Kept apart so that each area module depends on this and not on another area.
 */

/** Where a finding points: the block, or one of its lines. */
export const at = (block: TfBlock, line?: number | null): Where => ({ file: block.file, line: line ?? block.line });

const DATABASE_WORDS = /(db|database|rds|postgres|mysql|maria|aurora|redshift|docdb|mongo|sql|oracle|password|passwd|credential|login)/i;

export function functionsOf(ctx: Context, target: SecretTarget): Array<{ fn: FunctionRef; rotation: RotationInfo | null }> {
  if (target.rotations.length > 0) return target.rotations.map((rotation) => ({ fn: rotation.fn, rotation }));
  // No rotation: a function that Secrets Manager may invoke is the one meant for it.
  if (target.block === null) return [];
  return unclaimedRotationFunctions(ctx.project)
    .filter((fn) => !ctx.secrets.some((other) => other.rotations.some((r) => r.fn.kind === "lambda" && r.fn.block === fn)))
    .map((block) => ({ fn: { kind: "lambda", block } as FunctionRef, rotation: null }));
}

export function isDatabaseSecret(target: SecretTarget, commented: Map<string, CommentedRotation>): boolean {
  if (commented.has(target.key)) return true;
  if (["password", "username", "engine", "host"].some((key) => target.fields.has(key))) return true;
  const names = [target.label, target.name ?? "", target.namePrefix ?? ""];
  if (target.block) names.push(stringValue(target.block.module, attributeOf(target.block, "description")?.expr) ?? "");
  return names.some((name) => DATABASE_WORDS.test(name));
}

export function secretRef(target: SecretTarget): string {
  return target.refText;
}

export function secretIdRef(target: SecretTarget): string {
  return target.block ? `${target.block.address}.id` : target.refText;
}

export interface CommentedRotation {
  file: string;
  line: number;
  name: string;
}

const COMMENTED_ROTATION = /resource\s+"aws_secretsmanager_secret_rotation"\s+"([^"]+)"/;
const SECRET_REFERENCE = /aws_secretsmanager_secret\.([A-Za-z_][A-Za-z0-9_-]*)/;

/** Rotation resources inside comments, by the secret they name (or the only secret). */
export function commentedRotations(ctx: Context): Map<string, CommentedRotation> {
  const found = new Map<string, CommentedRotation>();
  const comments = ctx.project.comments;
  for (let i = 0; i < comments.length; i++) {
    const comment = comments[i]!;
    const match = COMMENTED_ROTATION.exec(comment.text);
    if (!match) continue;
    // The secret it names is in this comment or in the comment lines that follow it.
    let text = comment.text.slice(match.index);
    for (let j = i + 1; j < comments.length && j < i + 30 && comments[j]!.file === comment.file; j++) {
      if (COMMENTED_ROTATION.test(comments[j]!.text)) break;
      text += `\n${comments[j]!.text}`;
    }
    const secretName = SECRET_REFERENCE.exec(text)?.[1];
    const candidates = ctx.secrets.filter((target) => target.block !== null);
    const target = secretName !== undefined ? candidates.find((t) => t.block!.name === secretName) : candidates.length === 1 ? candidates[0] : undefined;
    if (target && !found.has(target.key)) found.set(target.key, { file: comment.file, line: comment.line, name: match[1]! });
  }
  return found;
}
