/** Lines outside fenced code blocks (``` or ~~~, closed by the same marker), so code is not read as markdown. */
function proseLines(text: string): string[] {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (m !== null) {
      const marker = m[1]?.[0] ?? "`";
      if (fence === null) fence = marker;
      else if (fence === marker) fence = null;
      continue;
    }
    if (fence === null) out.push(line);
  }
  return out;
}

/** Cells of a table row: outer pipes dropped, split on pipes not escaped with a backslash. */
function cells(line: string): string[] {
  const t = line
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "");
  return t.split(/(?<!\\)\|/);
}

const DELIMITER_CELL = /^\s*:?-+:?\s*$/;

function isDelimiterRow(line: string): boolean {
  return line.includes("|") && cells(line).every((c) => DELIMITER_CELL.test(c));
}

/**
 * Markdown (GFM) tables: a row containing "|" directly followed by a delimiter row ("| --- | :-: |")
 * with the same number of cells. The rows after it belong to the same table until a line without
 * "|"; code blocks are skipped.
 */
export function countTables(text: string): number {
  const lines = proseLines(text);
  let n = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i] ?? "";
    const delim = lines[i + 1] ?? "";
    if (!head.includes("|") || !isDelimiterRow(delim) || cells(head).length !== cells(delim).length) continue;
    n++;
    i += 2;
    while (i < lines.length && (lines[i] ?? "").includes("|")) i++;
  }
  return n;
}

export type ListKind = "any" | "bullet" | "numbered";

const THEMATIC_BREAK = /^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET = /^\s*[-*+][ \t]+\S/;
const NUMBERED = /^\s*\d{1,9}[.)][ \t]+\S/;

/** Markdown list items: lines starting (after any indent) with -, * or + (bullet) or 1. / 1) (numbered), then a space and text; "- - -" rules and code blocks are not items. */
export function countListItems(text: string, kind: ListKind = "any"): number {
  let n = 0;
  for (const line of proseLines(text)) {
    if (THEMATIC_BREAK.test(line)) continue;
    const bullet = BULLET.test(line);
    const numbered = NUMBERED.test(line);
    if ((kind !== "numbered" && bullet) || (kind !== "bullet" && numbered)) n++;
  }
  return n;
}
