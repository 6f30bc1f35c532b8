import { memo, useDeferredValue, useMemo, useState, useSyncExternalStore, type InputHTMLAttributes } from "react";
import { useFormContext, useFormState, useWatch, type FieldErrors } from "react-hook-form";
import type { PlanParam, PlanValues } from "@/lib/config";
import type { Reading } from "@/lib/config/wording";
import { fieldErrorMessage } from "@/lib/ui/errors";
import { FIELD_SPECS } from "@/lib/ui/fields";
import { suggestDaysFix, suggestScheduleFix, suggestWindowFix } from "@/lib/ui/schedule-fixes";
import {
  builderFromSchedule,
  hourLabel,
  scheduleFromBuilder,
  WEEKDAY_NAMES,
  WEEKDAYS,
  type BuilderState,
  type ScheduleMode,
  type Weekday,
} from "@/lib/ui/schedule-form";
import { formatWindow, nextRotationWindows, type NextWindows } from "@/lib/ui/schedule-windows";
import { fieldId } from "./field-id";
import { ParamName, registerText } from "./plan-field";
import { useReading } from "./use-param-names";

/**
 * The Schedule step's "how often": every N days, weekly on chosen days at an hour, or a custom rate() or
 * cron() expression, as a switch that stays put. All three panels share one grid cell, so the builder is
 * as tall as its tallest panel whichever is shown, and the area under it (the next windows, or the error
 * with its fix) keeps one height too: switching and typing never move the fields below.
 *
 * Every control is a plain form control with a stable name (`schedulemode`, `days`, `weekday`, `hour`,
 * `schedule`), and the panel shown follows the checked mode in CSS: without JavaScript the form still
 * works, and the server reads it with `scheduleFromBuilder` (lib/ui/schedule-form.ts) as this does.
 */

/** The plan parameters the builder asks for, in place of their own fields. */
export const SCHEDULE_BUILDER_PARAMS: ReadonlySet<PlanParam> = new Set(["days", "schedule"]);

const MODES: ReadonlyArray<{ mode: ScheduleMode; label: string; hint: string }> = [
  { mode: "every", label: "Every N days", hint: "Counted from the last rotation" },
  { mode: "weekly", label: "Weekly", hint: "On chosen days, at an hour in UTC" },
  { mode: "custom", label: "Custom expression", hint: "rate() or cron(), for anything else" },
];

const MINUTE = 60_000;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

function subscribeToMinutes(onChange: () => void) {
  const timer = setInterval(onChange, MINUTE);
  return () => clearInterval(timer);
}

/**
 * The browser's time zone, read at most once a minute: React asks for it on every render of the builder,
 * and building an `Intl.DateTimeFormat` to ask takes milliseconds (the first one far more on a slow device).
 */
let zoneRead = { minute: Number.NaN, zone: "" };
function browserZone(): string {
  const minute = Math.floor(Date.now() / MINUTE);
  if (zoneRead.minute !== minute) zoneRead = { minute, zone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  return zoneRead.zone;
}

/**
 * The browser's clock (to the minute) and time zone; null while rendering on the server, whose clock and
 * zone are not the user's (the windows render after hydration, so the two renders agree).
 */
function useBrowserClock(): { now: Date; zone: string } | null {
  const minute = useSyncExternalStore(subscribeToMinutes, () => Math.floor(Date.now() / MINUTE), () => null);
  const zone = useSyncExternalStore(subscribeToMinutes, browserZone, () => null);
  return useMemo(() => (minute === null || zone === null ? null : { now: new Date(minute * MINUTE), zone }), [minute, zone]);
}

interface Problem {
  param: PlanParam;
  message: string;
  fix: string | null;
}

export const ScheduleBuilder = memo(function ScheduleBuilder() {
  const { register, getValues, setValue, setFocus, control } = useFormContext<PlanValues>();
  const [start] = useState(() => builderFromSchedule(String(getValues("schedule"))));
  const [state, setState] = useState<BuilderState>(start);
  const [days, schedule, rotationWindow] = useWatch({ control, name: ["days", "schedule", "window"] });
  const { errors } = useFormState({ control, name: ["days", "schedule"] });
  const clock = useBrowserClock();
  const { mode, weekdays, hour } = state;

  /** The builder's state into the plan: `schedule` changes, `days` stays as typed. */
  const apply = (next: BuilderState) => {
    setState(next);
    const values = scheduleFromBuilder({ ...next, days: String(getValues("days")) });
    setValue("schedule", values.schedule, { shouldDirty: true, shouldValidate: true });
  };

  const chooseMode = (next: ScheduleMode) => {
    if (next === mode) return;
    // The expression typed in Custom is kept while another mode is shown, and comes back with Custom.
    let custom = mode === "custom" ? String(getValues("schedule")) : state.custom;
    if (next === "custom" && custom.trim() === "") custom = mode === "weekly" ? String(getValues("schedule")) : daysAsRate(String(getValues("days")));
    apply({ ...state, mode: next, custom });
  };

  const toggleDay = (day: Weekday, checked: boolean) => {
    const chosen = new Set<string>(weekdays);
    if (checked) chosen.add(day);
    else chosen.delete(day);
    apply({ ...state, weekdays: WEEKDAYS.filter((weekday) => chosen.has(weekday)) });
  };

  const applyFix = (param: PlanParam, value: string) => {
    setValue(param, value, { shouldDirty: true, shouldTouch: true, shouldValidate: true });
    setFocus(param);
  };

  // In the form's words, or in parameter names once the user asks for them (the footer's switch).
  const reading = useReading();
  const problem = currentProblem(mode, weekdays.length, { days: String(days), schedule: String(schedule) }, errors, reading);
  const windows = useNextWindows(clock, String(days), String(schedule), String(rotationWindow));
  const describedBy = (param: PlanParam) => [`${param}-hint`, problem?.param === param && `${param}-error`].filter(Boolean).join(" ");
  const invalid = (param: PlanParam) => (problem?.param === param ? true : undefined);
  /** The days and the custom expression: a label, its hint and the text field, each tied to its message. */
  const textField = (param: "days" | "schedule", input: InputHTMLAttributes<HTMLInputElement>) => (
    <>
      <label className="field-label" htmlFor={fieldId(param)}>
        {FIELD_SPECS[param].label} <ParamName param={param} />
      </label>
      <p id={`${param}-hint`} className="field-hint">
        {FIELD_SPECS[param].hint}
      </p>
      <input
        {...input}
        {...registerText({ register, getValues, setValue }, param)}
        id={fieldId(param)}
        type="text"
        autoComplete="off"
        defaultValue={String(getValues(param))}
        aria-describedby={describedBy(param)}
        aria-invalid={invalid(param)}
      />
    </>
  );

  return (
    <fieldset className="field schedule-builder" data-testid="schedule-builder" data-param="schedule">
      <legend className="field-label">Rotation schedule</legend>
      <div className="choices schedule-modes">
        {MODES.map((option) => (
          <div className="choice" key={option.mode}>
            <input
              type="radio"
              id={`schedulemode-${option.mode}`}
              name="schedulemode"
              value={option.mode}
              checked={mode === option.mode}
              onChange={() => chooseMode(option.mode)}
              aria-describedby={`schedulemode-${option.mode}-hint`}
            />
            <label htmlFor={`schedulemode-${option.mode}`} className="choice-label">
              {option.label}
            </label>
            <span id={`schedulemode-${option.mode}-hint`} className="choice-hint">
              {option.hint}
            </span>
          </div>
        ))}
      </div>

      <div className="schedule-panels">
        <div className="schedule-panel schedule-panel-every" data-testid="schedule-panel-every">
          {textField("days", { inputMode: "numeric", placeholder: "30" })}
        </div>

        <div className="schedule-panel schedule-panel-weekly" data-testid="schedule-panel-weekly">
          <fieldset className="schedule-weekdays" aria-describedby={problem?.param === "schedule" && mode === "weekly" ? "schedule-error" : undefined}>
            <legend className="field-label">On these days</legend>
            <div className="weekday-list">
              {WEEKDAYS.map((day) => (
                <label className="weekday" key={day}>
                  <input type="checkbox" name="weekday" value={day} checked={weekdays.includes(day)} onChange={(event) => toggleDay(day, event.target.checked)} />
                  <span aria-hidden="true">{WEEKDAY_NAMES[day].slice(0, 3)}</span>
                  <span className="visually-hidden">{WEEKDAY_NAMES[day]}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="schedule-hour">
            <label className="field-label" htmlFor="schedule-hour">
              At
            </label>
            <select id="schedule-hour" name="hour" value={hour} onChange={(event) => apply({ ...state, hour: Number(event.target.value) })}>
              {HOURS.map((value) => (
                <option key={value} value={value}>
                  {hourLabel(value)} UTC
                </option>
              ))}
            </select>
          </div>
        </div>

        <div className="schedule-panel schedule-panel-custom" data-testid="schedule-panel-custom">
          {textField("schedule", { className: "code-input", placeholder: "cron(0 4 ? * SUN *)", spellCheck: false })}
        </div>
      </div>

      <ScheduleStatus windows={windows} zone={clock?.zone ?? null} problem={problem} onFix={applyFix} />
    </fieldset>
  );
});

/**
 * The next three windows of the values typed, a render behind them: reading a cron() expression's days and
 * walking the calendar to its next windows is a keystroke's largest piece of work in the builder (about 10
 * ms at CPU rate 4). Deferred (`useDeferredValue`), it runs in a render of its own after the keystroke's,
 * which the browser can paint first: the character typed and the preview show, then the table follows.
 */
function useNextWindows(clock: { now: Date } | null, days: string, schedule: string, rotationWindow: string): NextWindows | null {
  const deferredDays = useDeferredValue(days);
  const deferredSchedule = useDeferredValue(schedule);
  const deferredWindow = useDeferredValue(rotationWindow);
  return useMemo(
    () => (clock ? nextRotationWindows({ days: deferredDays, schedule: deferredSchedule, window: deferredWindow }, clock.now, 3) : null),
    [clock, deferredDays, deferredSchedule, deferredWindow],
  );
}

/** rate(N days) for a valid number of days, to start Custom from what "Every N days" said; else nothing. */
function daysAsRate(days: string): string {
  const count = Number(days.trim());
  return Number.isInteger(count) && count >= 1 && count <= 1000 ? `rate(${count} ${count === 1 ? "day" : "days"})` : "";
}

/** The error the shown mode has, with its fix: the days, the expression, or no day chosen in Weekly. */
function currentProblem(
  mode: ScheduleMode,
  chosenDays: number,
  values: { days: string; schedule: string },
  errors: FieldErrors<PlanValues>,
  reading: Reading,
): Problem | null {
  if (mode === "weekly" && chosenDays === 0) return { param: "schedule", message: "Choose at least one day of the week.", fix: null };
  const param = mode === "every" ? "days" : "schedule";
  const message = fieldErrorMessage(errors[param], reading);
  if (!message) return null;
  const fix = param === "days" ? suggestDaysFix(values.days) : mode === "custom" ? suggestScheduleFix(values.schedule) : null;
  return { param, message, fix };
}

interface ScheduleStatusProps {
  windows: NextWindows | null;
  zone: string | null;
  problem: Problem | null;
  onFix: (param: PlanParam, value: string) => void;
}

/**
 * Under the builder: the next three windows, or the error with its fix. Both layers share one grid cell
 * (the hidden one keeps its height), so the fields below stay where they are.
 */
function ScheduleStatus({ windows, zone, problem, onFix }: ScheduleStatusProps) {
  const shown = windows !== null && windows.kind !== "invalid" && problem === null ? windows : null;
  const rows = [0, 1, 2].map((i) => shown?.windows[i] ?? null);
  let note = "The next windows show here once the page has loaded.";
  if (shown?.kind === "after-rotation") {
    note = `Counted from a rotation today: each window opens ${shown.every === 1 ? "a day" : `${shown.every} days`} after the last rotation.`;
  } else if (shown && shown.windows.length === 0) {
    note = "No window opens in the next 16 years: no date has these days and months.";
  } else if (shown) {
    note = "Secrets Manager rotates the password at some time inside each window.";
  }
  return (
    <div className="schedule-status">
      <div className="schedule-status-layer" data-shown={shown || windows === null ? true : undefined} data-testid="next-windows">
        <table className="schedule-windows">
          <caption>Next three rotation windows</caption>
          <thead>
            <tr>
              <th scope="col">UTC</th>
              <th scope="col">Your time{zone && ` (${zone})`}</th>
            </tr>
          </thead>
          <tbody>
            {/* Always three rows of two lines (a no-break space holds an empty line): the height never changes. */}
            {rows.map((window, i) => (
              <tr key={i} data-testid={window ? "next-window" : undefined}>
                {["UTC", zone].map((timeZone, column) => {
                  const text = window && timeZone ? formatWindow(window, timeZone) : null;
                  return (
                    <td key={column}>
                      <span className="window-day">{text?.day ?? "—"}</span>{" "}
                      <span className="window-hours">{text?.hours ?? "\u00a0"}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="schedule-windows-note">{note}</p>
      </div>
      <div className="schedule-status-layer" data-shown={shown || windows === null ? undefined : true}>
        {problem ? (
          <>
            <p id={`${problem.param}-error`} className="field-error" data-testid={`error-${problem.param}`}>
              {problem.message}
            </p>
            {problem.fix !== null && <FixButton param={problem.param} value={problem.fix} onFix={onFix} />}
          </>
        ) : (
          <p className="field-hint">The next windows show once the schedule and the rotation window are valid.</p>
        )}
      </div>
    </div>
  );
}

function FixButton({ param, value, onFix }: { param: PlanParam; value: string; onFix: (param: PlanParam, value: string) => void }) {
  return (
    <button type="button" className="button button-small schedule-fix" data-testid={`fix-${param}`} aria-describedby={`${param}-error`} onClick={() => onFix(param, value)}>
      Use <code>{value}</code>
    </button>
  );
}

/** The rotation window's one-click fix, under its field (which the step draws as any other). */
export function WindowFix() {
  const { control, setValue, setFocus } = useFormContext<PlanValues>();
  const { errors } = useFormState({ control, name: "window" });
  const [rotationWindow, days, schedule] = useWatch({ control, name: ["window", "days", "schedule"] });
  const fix = errors.window ? suggestWindowFix(String(rotationWindow), { days: String(days), schedule: String(schedule) }) : null;
  if (fix === null) return null;
  const onFix = (param: PlanParam, value: string) => {
    setValue(param, value, { shouldDirty: true, shouldTouch: true, shouldValidate: true });
    setFocus(param);
  };
  return (
    <div className="schedule-window-fix">
      <FixButton param="window" value={fix} onFix={onFix} />
    </div>
  );
}
