import { createElement, memo, useCallback, useEffect, useState } from "react";
import { createFormControl, useForm, type FieldErrors, type Resolver, type UseFormReturn } from "react-hook-form";
import type { Plan, PlanValues, Problem } from "@/lib/config";
import { loadPlanSchema } from "@/lib/ui/load-runtime";
import { FORM_PARAMS } from "@/lib/ui/steps";

/**
 * The form validates with the plan schema, which loads after the first paint (zod, in a chunk of its own):
 * the resolver waits for it, so a Next pressed before it has loaded still validates.
 */
const planResolver: Resolver<PlanValues, unknown, Plan> = async (values, context, options) =>
  (await loadPlanSchema()).planResolver(values, context, options);

const FORM_OPTIONS = { resolver: planResolver, mode: "onTouched" } as const;

type PlanFormControl = ReturnType<typeof createFormControl<PlanValues, unknown, Plan>>["formControl"];

/**
 * react-hook-form's hook for the form, in a component that renders nothing: its effects (the server's
 * messages, the registered fields) run here, and so do the re-renders it asks for, which nothing in the
 * wizard reads (the fields read their own state). In the wizard, its first one (`isReady`, set in a
 * layout effect, so at once) would render the whole wizard again right after hydration, ahead of a click.
 */
const PlanFormHook = memo(function PlanFormHook({ formControl, errors }: { formControl: PlanFormControl; errors: FieldErrors<PlanValues> | undefined }) {
  useForm<PlanValues, unknown, Plan>({ ...FORM_OPTIONS, formControl, errors });
  return null;
});

/**
 * The plan's form state and its validation (react-hook-form with the plan schema): a field's message
 * appears once the field is touched, then follows every change. `resetTo` puts other values in every field
 * at once (a remembered plan, the defaults). `initialErrors` are messages the server already showed under
 * fields (a form submitted without JavaScript): they are in the first HTML, and follow their field from then on.
 * `formHook` is an element for the page to render once, anywhere (see `PlanFormHook`).
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

  // The form's methods, created once (they keep their identity), with the form state as it starts: what
  // FormProvider hands the fields, so the context's value never changes. The fields read their state with
  // useFormState, useWatch and getFieldState, never from the context. A context that changed with each form
  // state (the first change comes right after hydration) would make React hydrate at once, in one long
  // task, every part of the page that hydrates later (components/wizard/lazy-hydration.tsx): a boundary not
  // yet hydrated cannot tell whether it reads the context.
  const [{ form, formHook }] = useState(() => {
    const { formControl, ...methods } = createFormControl<PlanValues, unknown, Plan>({ ...FORM_OPTIONS, defaultValues: initialValues, errors: serverErrors });
    const form: UseFormReturn<PlanValues, unknown, Plan> = { ...methods, formState: methods.control._formState };
    return { form, formHook: createElement(PlanFormHook, { formControl, errors: serverErrors }) };
  });
  const formContext = form;
  const { trigger, getFieldState, subscribe, reset } = form;

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

  return { form, formContext, formHook, generation, resetTo };
}
