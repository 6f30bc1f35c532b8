import { paramLabel } from "@/lib/config/labels";
import type { Reading } from "@/lib/config/wording";
import { stepOfParam } from "@/lib/ui/steps";
import { useReading } from "./use-param-names";

interface ParamLinkProps {
  param: string;
  onShowParam: (param: string) => void;
  /** How the link names the field; by default as the user chose (its label unless they asked for names). */
  reading?: Reading;
}

/** Takes the user to a parameter's field; names that are not plan parameters have none. */
export function ParamLink({ param, onShowParam, reading }: ParamLinkProps) {
  const chosen = useReading();
  if (stepOfParam(param) < 0) return null;
  return (
    <button type="button" className="link-button param-link" onClick={() => onShowParam(param)}>
      Go to {(reading ?? chosen) === "names" ? param : paramLabel(param)}
    </button>
  );
}
