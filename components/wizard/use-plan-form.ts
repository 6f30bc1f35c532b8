import { useCallback, useEffect, useMemo, useState } from "react";
import { useForm, type FieldErrors, type Resolver } from "react-hook-form";
import type { Plan, PlanValues, Problem } from "@/lib/config";
import { loadPlanSchema } from "@/lib/ui/load-runtime";
import { FORM_PARAMS } from "@/lib/ui/steps";

/**
 * The form validates with the plan schema, which loads after the first paint (zod, in a chunk of its own):
 * the resolver waits for it, so a Next pressed before it has loaded still validates.
 */
const planResolver: Resolver<PlanValues, unknown, Plan> = async (values, context, options) =>
  (await loadPlanSchema()).planResolver(values, context, options);

/**
 * The plan's form state and its validation (react-hook-form with the plan schema): a field's message
 * appears once the field is touched, then follows every change. `resetTo` puts other values in every field
 * at once (a remembered plan, the defaults). `initialErrors` are messages the server already showed under
 * fields (a form submitted without JavaScript): they are in the first HTML, and follow their field from then on.
 */
export function usePlanForm(initialValues: PlanValues, initialErrors: readonly Problem[] = []) {
  // Bumped when the form is reset to other values: fields with state of their own start again.
  const [generation, setGeneration] = useState(0);
  // Created once: react-hook-form puts errors back whenever this option changes identity.
  const [serverErrors] = useState(() =>
    initialErrors.length === 0
      ? undefined
      : (Object.fromEntries(initialErrors.map((problem) => [problem.param, { type: "server", message: problem.marked ?? problem.message }])) as FieldErrors<PlanValues>),
  );

  const form = useForm<PlanValues, unknown, Plan>({
    defaultValues: initialValues,
    resolver: planResolver,
    mode: "onTouched",
    errors: serverErrors,
  });
  const { trigger, getFieldState, subscribe, reset } = form;
  // What FormProvider hands the fields: the form's methods (they keep their identity) and the form state of
  // the first render, so the context's value never changes. The fields read their state with useFormState,
  // useWatch and getFieldState, never from the context. A context that changed with each form state (the
  // first change comes right after hydration) would make React hydrate at once, in one long task, every
  // part of the page that hydrates later (components/wizard/lazy-hydration.tsx): a boundary not
  // yet hydrated cannot tell whether it reads the context.
  const formContext = useMemo(() => ({ ...form }), [form]);

  // A message stays only while it is true: once shown, it follows every change, including changes to
  // other fields (typing sgs settles "vpc is required when sgs is empty").
  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        callback: () => {
          const shown = FORM_PARAMS.filter((param) => getFieldState(param).invalid);
          if (shown.length > 0) void trigger(shown);
        },
      }),
    [subscribe, getFieldState, trigger],
  );

  const resetTo = useCallback(
    (values: PlanValues) => {
      reset(values);
      setGeneration((value) => value + 1);
    },
    [reset],
  );

  return { form, formContext, generation, resetTo };
}
