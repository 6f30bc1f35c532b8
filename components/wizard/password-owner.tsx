import { useEffect, useRef, useState } from "react";
import { useFormContext, useWatch } from "react-hook-form";
import type { PlanValues } from "@/lib/config";
import { ownerNote, ownerOf, strategyForOwner, type PasswordOwner } from "@/lib/ui/password-owner";

const OPTIONS: ReadonlyArray<{ value: PasswordOwner; label: string; hint: string }> = [
  { value: "master", label: "The master (admin) user", hint: "The user the database was created with" },
  { value: "app", label: "An application user", hint: "A user your applications log in as" },
];

/**
 * "Whose password rotates?", asked on the first step: the answer picks the strategy (lib/ui/password-owner.ts),
 * so a master user on RDS gets managed rotation before the form asks anything about networks. The question
 * follows the plan: a strategy chosen later shows here, and a master user's strategy follows the engine and
 * platform while the answer stands.
 */
export function PasswordOwnerField() {
  const { control, getValues, setValue } = useFormContext<PlanValues>();
  const [engine, platform, strategy] = useWatch({ control, name: ["engine", "platform", "strategy"] });
  const [chosen, setChosen] = useState<PasswordOwner>(() => ownerOf(getValues("strategy")));
  const owner: PasswordOwner = strategy === "managed" ? "master" : strategy === "alternating" ? "app" : chosen;

  const apply = (next: PasswordOwner) => {
    setChosen(next);
    const target = strategyForOwner(next, { engine, platform, strategy: getValues("strategy") });
    if (target !== getValues("strategy")) setValue("strategy", target, { shouldDirty: true, shouldValidate: true });
  };

  // A master user's strategy follows the engine and platform: managed rotation where AWS offers it.
  useEffect(() => {
    if (owner !== "master") return;
    const target = strategyForOwner("master", { engine, platform, strategy: getValues("strategy") });
    if (target !== getValues("strategy")) setValue("strategy", target, { shouldDirty: true, shouldValidate: true });
  }, [engine, platform, owner, getValues, setValue]);

  // The radios are not controlled by React: a click checks one at once, whatever React is rendering at the
  // time (a controlled radio clicked during the runtime's first render was put back). The answer the plan
  // implies is written to them here, so a strategy chosen later shows on this step too.
  const group = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const input = group.current?.querySelector<HTMLInputElement>(`input[value="${owner}"]`);
    if (input && !input.checked) input.checked = true;
  }, [owner]);

  const note = ownerNote(owner, { engine, platform });
  return (
    <fieldset className="field" data-testid="field-owner" aria-describedby={note ? "owner-note" : undefined}>
      <legend className="field-label">Whose password rotates?</legend>
      <div className="choices" ref={group}>
        {OPTIONS.map((option) => {
          const id = `field-owner-${option.value}`;
          return (
            <div className="choice" key={option.value} data-value={option.value}>
              <input
                type="radio"
                id={id}
                name="owner"
                value={option.value}
                defaultChecked={owner === option.value}
                onChange={() => apply(option.value)}
                aria-describedby={`${id}-hint`}
              />
              <label htmlFor={id} className="choice-label">
                {option.label}
              </label>
              <span id={`${id}-hint`} className="choice-hint">
                {option.hint}
              </span>
            </div>
          );
        })}
      </div>
      {note && (
        <p id="owner-note" className="field-note" data-testid="note-owner">
          {note}
        </p>
      )}
    </fieldset>
  );
}
