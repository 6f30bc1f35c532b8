import { fieldInWords, optionInWords, OPTION_LABELS, settingInWords } from "./labels";
import type { PlanParam } from "./schema";

/**
 * Messages that read two ways: in parameter names, as the API, the CLI and the URL banner say them
 * ("vpc is required with endpoint=create"), and in the form's words ("“VPC id” is required with “Route to the
 * Secrets Manager API: Create an endpoint”"). Many parameter names are English words (name, length, window,
 * master, secret…), so the words cannot be found in finished text: where a message is made, each parameter
 * or choice it names is written as a token that holds both readings, and `readMessage` picks one.
 *
 * A token is OPEN names SPLIT words CLOSE, with control characters no message otherwise holds; text from
 * outside (a user's cron field) goes in through `literal`, which escapes them, so that no input can forge or
 * break a token and the names reading gives back the input byte for byte. Reading never throws: a broken
 * token reads as the text it is.
 */

const OPEN = "\u0001";
const SPLIT = "\u0002";
const CLOSE = "\u0003";
const ESCAPE = "\u0004";
const MARKS = /[\u0001-\u0004]/g;

export type Reading = "names" | "words";

/** Text from outside, safe inside a message: it reads the same both ways. */
export function literal(text: string): string {
  return text.replace(MARKS, (mark) => ESCAPE + mark);
}

/** One piece of a message that reads `names` in parameter names and `words` in the form's words. */
export function either(names: string, words: string): string {
  return OPEN + literal(names) + SPLIT + literal(words) + CLOSE;
}

type OptionParam = keyof typeof OPTION_LABELS;

/** A parameter: `vpc`, or “VPC id”. */
export function param(name: PlanParam): string {
  return either(name, fieldInWords(name));
}

/** A choice with its parameter: `tls=require` (or `strategy managed` with joiner " "), or “TLS to the database: Require”. */
export function setting(name: OptionParam, value: string, joiner = "="): string {
  return either(`${name}${joiner}${value}`, settingInWords(name, value));
}

/** A value of a closed list on its own: `aurora`, or “Amazon Aurora”. */
export function option(name: OptionParam, value: string): string {
  return either(value, optionInWords(name, value));
}

/**
 * Several values of one list: `rds, self-managed` (names joined as `namesJoiner` says, as the API has always
 * written them), or “Amazon RDS” or “Self-managed” (the last pair joined with `wordsLast`).
 */
export function options(name: OptionParam, values: readonly string[], namesJoiner = ", ", wordsLast = "or"): string {
  const words = values.map((value) => optionInWords(name, value));
  const inWords = words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} ${wordsLast} ${words[words.length - 1]}`;
  return either(values.join(namesJoiner), inWords);
}

/** A marked message in one reading. Unmarked text reads as it is. */
export function readMessage(message: string, reading: Reading): string {
  let out = "";
  let i = 0;
  while (i < message.length) {
    const char = message[i]!;
    if (char === ESCAPE && i + 1 < message.length) {
      out += message[i + 1];
      i += 2;
    } else if (char === OPEN) {
      const token = readToken(message, i + 1);
      if (token) {
        out += reading === "names" ? token.names : token.words;
        i = token.end;
      } else {
        out += char;
        i += 1;
      }
    } else {
      out += char;
      i += 1;
    }
  }
  return out;
}

/** The message as the API, the CLI and the URL banner say it. */
export function inParamNames(message: string): string {
  return readMessage(message, "names");
}

/** The message as the form says it, with the labels the user sees. */
export function inWords(message: string): string {
  return readMessage(message, "words");
}

/** The two readings of a token whose text starts at `start`, and where the message goes on; null when broken. */
function readToken(message: string, start: number): { names: string; words: string; end: number } | null {
  let names = "";
  let words = "";
  let inNamesPart = true;
  for (let i = start; i < message.length; i++) {
    let char = message[i]!;
    if (char === SPLIT && inNamesPart) {
      inNamesPart = false;
      continue;
    }
    if (char === CLOSE && !inNamesPart) return { names, words, end: i + 1 };
    if (char === OPEN || char === SPLIT || char === CLOSE) return null;
    if (char === ESCAPE && i + 1 < message.length) char = message[++i]!;
    if (inNamesPart) names += char;
    else words += char;
  }
  return null;
}
