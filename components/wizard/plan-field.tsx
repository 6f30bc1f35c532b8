import { memo, useState, type ChangeEvent, type ReactNode } from "react";
import { useFormContext, useFormState, useWatch, type UseFormReturn } from "react-hook-form";
import type { PlanParam, PlanValues } from "@/lib/config";
import { FIELD_SPECS, type FieldSpec } from "@/lib/ui/fields";
import { fieldErrorMessage } from "@/lib/ui/errors";
import { choiceNote, unavailableReason } from "@/lib/ui/availability";
import { fieldId } from "./field-id";
import { useReading } from "./use-param-names";

/**
 * One plan parameter as a form control, drawn from its spec in `lib/ui/fields.ts`. Every control has a
 * visible label, its hint and the schema's message tied to it with `aria-describedby`.
 */

interface PlanFieldProps {
  param: PlanParam;
  /** Runs before the value changes, with the new value (the engine uses it to carry the lambda along). */
  onBeforeChange?: (next: string) => void;
}

/**
 * Memoized: the wizard re-renders on every keystroke to refresh the preview, while a field only needs to
 * when its own error changes (its `useFormState` subscription) — this keeps typing within a frame.
 */
export const PlanField = memo(function PlanField({ param, onBeforeChange }: PlanFieldProps) {
  const { errors } = useFormState<PlanValues>({ name: param });
  const error = fieldErrorMessage(errors[param], useReading());
  const spec = FIELD_SPECS[param];
  switch (spec.kind) {
    case "text":
    case "select":
      return <TextOrSelect param={param} spec={spec} error={error} onBeforeChange={onBeforeChange} />;
    case "choice":
      return <Choice param={param} spec={spec} error={error} />;
    case "checkbox":
      return <Checkbox param={param} spec={spec} error={error} />;
    case "secret":
      return <SecretField param={param} spec={spec} error={error} />;
  }
});

type Props<K extends FieldSpec["kind"]> = { param: PlanParam; spec: Extract<FieldSpec, { kind: K }>; error: string | undefined };

function describedBy(param: PlanParam, hint: boolean, error: boolean): string | undefined {
  const ids = [hint && `${param}-hint`, error && `${param}-error`].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** The parameter's name in share URLs and in the API's messages, beside the label once the user asks for names. */
export function ParamName({ param }: { param: PlanParam }) {
  const reading = useReading();
  if (reading !== "names") return null;
  return (
    <code className="param-name" aria-hidden="true">
      {param}
    </code>
  );
}

function Hint({ param, children }: { param: PlanParam; children: ReactNode }) {
  return (
    <p id={`${param}-hint`} className="field-hint">
      {children}
    </p>
  );
}

function ErrorMessage({ param, message }: { param: PlanParam; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={`${param}-error`} className="field-error" data-testid={`error-${param}`}>
      {message}
    </p>
  );
}

/**
 * `register` for a text field, keeping what the user typed in it before the page was interactive (the form
 * works from the server's HTML): react-hook-form puts the form's value into the element it registers, which
 * would erase that text. The element's value is taken into the form first, as a change of the user's. A
 * select is left as react-hook-form has it: its element shows its first option for a value it does not
 * offer, which is not the user's doing.
 */
export function registerText(form: Pick<UseFormReturn<PlanValues>, "register" | "getValues" | "setValue">, param: PlanParam) {
  const field = form.register(param);
  const ref = (element: HTMLInputElement | HTMLSelectElement | null) => {
    if (element instanceof HTMLInputElement && element.value !== String(form.getValues(param))) {
      form.setValue(param, element.value, { shouldDirty: true });
    }
    field.ref(element);
  };
  return { ...field, ref };
}

function TextOrSelect({ param, spec, error, onBeforeChange }: Props<"text" | "select"> & Pick<PlanFieldProps, "onBeforeChange">) {
  const form = useFormContext<PlanValues>();
  const { getValues } = form;
  const field = registerText(form, param);
  const onChange = (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    onBeforeChange?.(event.target.value);
    return field.onChange(event);
  };
  const common = {
    ...field,
    onChange,
    id: fieldId(param),
    // Also in the server's HTML, so a shared link shows its values before the page is interactive.
    defaultValue: String(getValues(param)),
    "aria-describedby": describedBy(param, Boolean(spec.hint), Boolean(error)),
    "aria-invalid": error ? true : undefined,
  };
  return (
    <div className="field" data-param={param}>
      <label className="field-label" htmlFor={fieldId(param)}>
        {spec.label} <ParamName param={param} />
      </label>
      {spec.hint && <Hint param={param}>{spec.hint}</Hint>}
      {spec.kind === "select" ? (
        <select {...common}>
          {spec.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={spec.inputMode === "email" ? "email" : "text"}
          inputMode={spec.inputMode}
          placeholder={spec.placeholder}
          className={spec.code ? "code-input" : undefined}
          autoComplete="off"
          spellCheck={false}
        />
      )}
      <ErrorMessage param={param} message={error} />
    </div>
  );
}

/**
 * Radio cards. A choice that cannot work with the engine and platform (the schema's own rules) is
 * disabled with its reason on the card. When the current choice becomes impossible (the engine changed
 * under it), it stays selected and says why, so nothing changes behind the user's back: they pick.
 */
function Choice({ param, spec, error }: Props<"choice">) {
  const { register, getValues, control } = useFormContext<PlanValues>();
  const [engine, platform, lambda, tls, endpoint, current] = useWatch({ control, name: ["engine", "platform", "lambda", "tls", "endpoint", param] });
  const initial = getValues(param);
  const legendId = `${param}-legend`;
  const conflict = unavailableReason(param, String(current), { engine, platform });
  const conflictId = `${param}-conflict`;
  const note = choiceNote(param, { engine, lambda, tls, endpoint });
  const noteId = `${param}-note`;
  return (
    <fieldset
      className="field"
      role="radiogroup"
      data-param={param}
      data-testid={fieldId(param)}
      aria-labelledby={legendId}
      aria-describedby={[describedBy(param, Boolean(spec.hint), Boolean(error)), note && noteId, conflict && conflictId].filter(Boolean).join(" ") || undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend id={legendId} className="field-label">
        {spec.label} <ParamName param={param} />
      </legend>
      {spec.hint && <Hint param={param}>{spec.hint}</Hint>}
      <div className="choices">
        {spec.options.map((option) => {
          const id = `${fieldId(param)}-${option.value}`;
          const reason = unavailableReason(param, option.value, { engine, platform });
          const selected = String(current) === option.value;
          const described = [option.hint && `${id}-hint`, reason && `${id}-reason`].filter(Boolean).join(" ");
          return (
            <div className={`choice${reason ? " choice-unavailable" : ""}`} key={option.value} data-value={option.value}>
              <input
                type="radio"
                id={id}
                value={option.value}
                defaultChecked={initial === option.value}
                disabled={reason !== null && !selected}
                aria-describedby={described || undefined}
                {...register(param)}
              />
              <label htmlFor={id} className="choice-label">
                {option.label}
              </label>
              {option.hint && (
                <span id={`${id}-hint`} className="choice-hint">
                  {option.hint}
                </span>
              )}
              {reason && (
                <span id={`${id}-reason`} className="choice-reason" data-testid={`reason-${param}-${option.value}`}>
                  {reason}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {note && (
        <p id={noteId} className="field-note" data-testid={`note-${param}`}>
          {note}
        </p>
      )}
      {conflict && (
        <p id={conflictId} className="field-conflict" data-testid={`conflict-${param}`}>
          {conflict} Choose another option; nothing changes until you do.
        </p>
      )}
      <ErrorMessage param={param} message={error} />
    </fieldset>
  );
}

function Checkbox({ param, spec, error }: Props<"checkbox">) {
  const { register, getValues } = useFormContext<PlanValues>();
  return (
    <div className="field field-checkbox" data-param={param}>
      <input
        type="checkbox"
        id={fieldId(param)}
        // What a form submitted without JavaScript sends (`immediately=true`; unticked, nothing). The form's
        // value is then the text "true", which the schema reads as true.
        value="true"
        defaultChecked={getValues(param) === true}
        aria-describedby={describedBy(param, Boolean(spec.hint), Boolean(error))}
        aria-invalid={error ? true : undefined}
        {...register(param)}
      />
      <div>
        <label className="field-label" htmlFor={fieldId(param)}>
          {spec.label} <ParamName param={param} />
        </label>
        {spec.hint && <Hint param={param}>{spec.hint}</Hint>}
        <ErrorMessage param={param} message={error} />
      </div>
    </div>
  );
}

const NEW_SECRET = "new";

/**
 * The two answers to "which secret". Under managed rotation the database service creates the secret, so
 * "new" means "not known yet": Terraform asks for its ARN (the README says where to find it).
 */
function secretModes(managed: boolean, groupName: string) {
  return managed
    ? [
        { value: false, id: `${groupName}-new`, label: "The one AWS creates for the master user", hint: "Terraform asks for its ARN; the README says where to find it" },
        { value: true, id: `${groupName}-existing`, label: "I know its ARN", hint: "On RDS and Aurora its name starts with rds!" },
      ]
    : [
        { value: false, id: `${groupName}-new`, label: "Create a new secret", hint: "Terraform creates it, with no password in state" },
        { value: true, id: `${groupName}-existing`, label: "Rotate an existing secret", hint: "One that your database already uses" },
      ];
}

/**
 * `secret` is one parameter with two meanings: "new", or the ARN of an existing secret. The form asks
 * the question first and the ARN only when it is needed, and remembers a typed ARN across the switch.
 */
function SecretField({ param, spec, error }: Props<"secret">) {
  const { register, getValues, setValue, control } = useFormContext<PlanValues>();
  const managed = useWatch({ control, name: "strategy" }) === "managed";
  const [existing, setExisting] = useState(() => getValues(param) !== NEW_SECRET);
  const [draftArn, setDraftArn] = useState("");
  const choose = (wantExisting: boolean) => {
    if (wantExisting === existing) return;
    if (wantExisting) {
      setValue(param, draftArn, { shouldDirty: true });
    } else {
      setDraftArn(String(getValues(param)));
      setValue(param, NEW_SECRET, { shouldDirty: true, shouldValidate: true });
    }
    setExisting(wantExisting);
  };
  const groupName = `${param}-mode`;
  return (
    <fieldset className="field" data-param={param} data-testid={fieldId(param)}>
      <legend className="field-label">
        {spec.label} <ParamName param={param} />
      </legend>
      <div className="choices">
        {secretModes(managed, groupName).map((option) => (
          <div className="choice" key={option.id}>
            <input
              type="radio"
              id={option.id}
              name={groupName}
              // Without JavaScript the server reads the choice from this (lib/ui/form-query.ts).
              value={option.value ? "existing" : "new"}
              checked={existing === option.value}
              onChange={() => choose(option.value)}
              aria-describedby={`${option.id}-hint`}
            />
            <label htmlFor={option.id} className="choice-label">
              {option.label}
            </label>
            <span id={`${option.id}-hint`} className="choice-hint">
              {option.hint}
            </span>
          </div>
        ))}
      </div>
      {existing ? (
        <div className="subfield">
          <label className="field-label" htmlFor={fieldId(param)}>
            Existing secret ARN
          </label>
          {spec.hint && <Hint param={param}>{spec.hint}</Hint>}
          <input
            id={fieldId(param)}
            type="text"
            className="code-input"
            placeholder="arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-db-AbCdEf"
            autoComplete="off"
            spellCheck={false}
            defaultValue={String(getValues(param))}
            aria-describedby={describedBy(param, Boolean(spec.hint), Boolean(error))}
            aria-invalid={error ? true : undefined}
            {...registerText({ register, getValues, setValue }, param)}
          />
          <ErrorMessage param={param} message={error} />
        </div>
      ) : (
        <ErrorMessage param={param} message={error} />
      )}
    </fieldset>
  );
}
