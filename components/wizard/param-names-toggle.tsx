import { useParamNames } from "./use-param-names";

/**
 * The footer's switch between the form's words and parameter names (the share link's, the API's and the
 * CLI's): on, each label shows its parameter and messages name parameters. Off by default, remembered on this
 * device.
 */
export function ParamNamesToggle() {
  const [on, setOn] = useParamNames();
  return (
    <label className="remember">
      <input type="checkbox" checked={on} onChange={(event) => setOn(event.target.checked)} data-testid="show-param-names" />
      Show parameter names
    </label>
  );
}
