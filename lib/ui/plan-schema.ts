import { zodResolver } from "@hookform/resolvers/zod";
import type { Resolver } from "react-hook-form";
import type { z } from "zod";
import { planSchema, type Plan, type PlanValues } from "@/lib/config/schema";

/**
 * The form's resolver: zod and the plan schema, without the generators. Next and the field messages need
 * only this, so the page loads it on its own (`loadPlanSchema()` in load-runtime.ts): a click on Next
 * right after the page loaded waits for the schema, not for the whole plan runtime.
 */

// The schema accepts any raw input (its `z.input` is `unknown`); the form's raw input is the text as typed.
export const planResolver: Resolver<PlanValues, unknown, Plan> = zodResolver(planSchema as unknown as z.ZodType<Plan, PlanValues>);
