// From the modules, not the "@/lib/config" barrel: this runs in the page's first load, which must not pull in zod.
import { ENGINES, PLATFORMS, type Engine, type Platform, type Strategy } from "@/lib/config/choices";
import { ENGINE_FACTS, managedRotationAvailable } from "@/lib/config/engines";

/**
 * Whose password rotates: the database's master (admin) user or an application user. The form asks it
 * first, because the answer decides the simplest strategy: for a master user on a service that offers it,
 * managed rotation (no function, no network); for anyone else, a rotation function. It is not a plan
 * parameter: the strategy carries the decision, so the share link, the API and the CLI need nothing new.
 */
export type PasswordOwner = "master" | "app";

interface OwnerContext {
  engine: string;
  platform: string;
  strategy: string;
}

function knownEngine(engine: string): engine is Engine {
  return (ENGINES as readonly string[]).includes(engine);
}

function knownPlatform(platform: string): platform is Platform {
  return (PLATFORMS as readonly string[]).includes(platform);
}

/** Whether AWS rotates this engine's master password itself on this platform. */
export function managedAvailable({ engine, platform }: Pick<OwnerContext, "engine" | "platform">): boolean {
  return knownEngine(engine) && (ENGINE_FACTS[engine].platforms === null || knownPlatform(platform)) && managedRotationAvailable(engine, platform as Platform);
}

/** The answer a plan implies when the form opens: managed rotation rotates a master user; the rest, by default, an application user's. */
export function ownerOf(strategy: string): PasswordOwner {
  return strategy === "managed" ? "master" : "app";
}

/**
 * The strategy that follows an answer. A master user gets managed rotation where AWS offers it, else a
 * function that changes the user's own password (alternating users would clone the master user, which is
 * what an admin secret is for). An application user never gets managed rotation: AWS offers it for master
 * users only. Any other strategy the user chose stays.
 */
export function strategyForOwner(owner: PasswordOwner, context: OwnerContext): Strategy {
  const current = context.strategy as Strategy;
  if (owner === "master") return managedAvailable(context) ? "managed" : "single";
  return current === "managed" ? "single" : current;
}

/** What the answer means for this engine and platform, in one or two sentences under the question. */
export function ownerNote(owner: PasswordOwner, context: Pick<OwnerContext, "engine" | "platform">): string {
  if (owner === "app") {
    return "A rotation function in your VPC changes the password. Alternating users (in Strategy) keep one login working while it does.";
  }
  if (!knownEngine(context.engine)) return "";
  const { label, managedOn } = ENGINE_FACTS[context.engine];
  if (managedAvailable(context)) {
    return `Managed rotation: AWS rotates the ${label} master password itself, with no function and no network to set up, so the Network step is skipped.`;
  }
  const where = managedOn !== null && managedOn !== "service" ? ` except on ${managedOn.map((platform) => PLATFORM_LABELS[platform]).join(" and ")}` : "";
  return `AWS offers no managed rotation for ${label} here${where}: a rotation function changes the master user's own password (single user).`;
}

const PLATFORM_LABELS: Record<Platform, string> = { rds: "Amazon RDS", aurora: "Amazon Aurora", "self-managed": "self-managed servers" };
