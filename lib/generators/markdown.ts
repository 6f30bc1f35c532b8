/**
 * The Markdown printer: the only place that knows how to put text into Markdown safely. Plan values
 * (names, ARNs, excluded characters) only ever enter through `code` or `codeBlock`.
 */

const NEEDS_CARE_IN_CODE = /[`\n]/;

/** Inline code that holds any text: the fence is longer than any run of backticks inside. */
export function code(text: string): string {
  // Most code spans hold no backtick and no line break: one backtick either side is all they need.
  if (text !== "" && !NEEDS_CARE_IN_CODE.test(text)) return `\`${text}\``;
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${text.replace(/\r?\n/g, " ")}${pad}${fence}`;
}

/** A fenced code block that no line of `text` can close early. */
export function codeBlock(language: string, text: string): string {
  const longestRun = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  return `${fence}${language}\n${text.replace(/\n$/, "")}\n${fence}`;
}

export function heading(level: 1 | 2 | 3, title: string): string {
  return `${"#".repeat(level)} ${title}`;
}

export function list(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join("\n");
}

/** A table; cells are Markdown already, so only pipes and newlines need care. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cell = (value: string) => value.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A document: sections separated by one blank line, ending in a newline. */
export function document(sections: ReadonlyArray<string | false | null | undefined>): string {
  return sections.filter((section): section is string => typeof section === "string" && section !== "").join("\n\n") + "\n";
}
