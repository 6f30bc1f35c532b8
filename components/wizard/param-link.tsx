import { stepOfParam } from "@/lib/ui/steps";

/** Takes the user to a parameter's field; names that are not plan parameters have none. */
export function ParamLink({ param, onShowParam }: { param: string; onShowParam: (param: string) => void }) {
  if (stepOfParam(param) < 0) return null;
  return (
    <button type="button" className="link-button param-link" onClick={() => onShowParam(param)}>
      Go to {param}
    </button>
  );
}
