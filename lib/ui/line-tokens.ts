/**
 * Highlighting a new version of a file by reusing the lines of the last one, as code editors do.
 *
 * A TextMate grammar reads a file line by line: a line's tokens depend only on its text and on the
 * grammar's state at its start (inside a string, a heredoc, a fenced block…), and leave a state for the
 * next line. So a line whose text and starting state are those of a line of the last version has that
 * line's tokens, and only the lines an edit touched (and those whose starting state it changed) need the
 * grammar again. A keystroke in the wizard changes a few lines of a file of hundreds.
 */

/** One line of a highlighted file: its text, its tokens and the grammar's state after it. */
export interface TokenizedLine<Token, State> {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly end: State;
}

export interface LineGrammar<Token, State> {
  /** The state before the first line. */
  initial: State;
  tokenizeLine(text: string, start: State): { tokens: Token[]; end: State };
  /** Whether a line started in `a` reads exactly as one started in `b`. */
  sameState(a: State, b: State): boolean;
}

/**
 * The line of the last version that a new line stands in for: lines before the edit keep their place,
 * lines after it keep their distance from the end (an edit that adds or removes lines shifts them).
 */
function alignedIndex(index: number, newCount: number, oldCount: number, commonSuffix: number): number {
  return index < newCount - commonSuffix ? index : index + (oldCount - newCount);
}

function commonSuffixLength<Token, State>(lines: readonly string[], previous: readonly TokenizedLine<Token, State>[]): number {
  let suffix = 0;
  while (suffix < lines.length && suffix < previous.length && lines[lines.length - 1 - suffix] === previous[previous.length - 1 - suffix]!.text) {
    suffix++;
  }
  return suffix;
}

/** How many lines of `lines` have no line of the same text in the last version's place for them. */
export function changedLineCount<Token, State>(lines: readonly string[], previous: readonly TokenizedLine<Token, State>[]): number {
  const suffix = commonSuffixLength(lines, previous);
  let changed = 0;
  for (let index = 0; index < lines.length; index++) {
    if (previous[alignedIndex(index, lines.length, previous.length, suffix)]?.text !== lines[index]) changed++;
  }
  return changed;
}

/**
 * The tokens of `lines`, reusing every line of `previous` (the last version's lines, or none) whose text
 * and starting state are unchanged. Reused lines are the very objects of `previous`, so a view can skip
 * rendering them again.
 */
export function tokenizeLines<Token, State>(
  lines: readonly string[],
  previous: readonly TokenizedLine<Token, State>[],
  grammar: LineGrammar<Token, State>,
): TokenizedLine<Token, State>[] {
  const steps = tokenizeLinesInSteps(lines, previous, grammar);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * `tokenizeLines`, pausing after each line it reads with the grammar (the costly part; a reused line costs
 * nothing): colouring ahead of time can stop between two lines when a keystroke is waiting, and go on later.
 */
export function* tokenizeLinesInSteps<Token, State>(
  lines: readonly string[],
  previous: readonly TokenizedLine<Token, State>[],
  grammar: LineGrammar<Token, State>,
): Generator<void, TokenizedLine<Token, State>[], void> {
  const suffix = commonSuffixLength(lines, previous);
  const result: TokenizedLine<Token, State>[] = [];
  let state = grammar.initial;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!;
    const oldIndex = alignedIndex(index, lines.length, previous.length, suffix);
    const old = previous[oldIndex];
    const oldStart = oldIndex === 0 ? grammar.initial : previous[oldIndex - 1]?.end;
    const reused = old !== undefined && old.text === text && oldStart !== undefined && (oldStart === state || grammar.sameState(oldStart, state));
    const line = reused ? old : { text, ...grammar.tokenizeLine(text, state) };
    result.push(line);
    state = line.end;
    if (!reused) yield;
  }
  return result;
}
