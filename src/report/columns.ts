/** One column of a borderless terminal table: a group label above (spanning the unlabelled columns after it), a heading, its cells. */
export interface Column<R> {
  /** Label on the line above the headings; it spans this column and the following ones that have none. */
  group?: string;
  head: string;
  align: "left" | "right";
  cell(row: R): string;
}

const GAP = "  ";

/** A column with its cells and the width they need. */
interface Laid {
  group: string | undefined;
  head: string;
  align: Column<unknown>["align"];
  cells: string[];
  width: number;
}

const pad = (s: string, l: Laid): string => (l.align === "left" ? s.padEnd(l.width) : s.padStart(l.width));

/** Widens the last column under each group label that is wider than the columns it spans, so two labels never touch. */
function fitGroups(laid: Laid[]): void {
  const starts = laid.flatMap((l, i) => (l.group ? [i] : []));
  for (const [k, start] of starts.entries()) {
    const next = starts[k + 1];
    // The last label may run on past the table's right edge: nothing follows it.
    if (next === undefined) continue;
    const spanned = laid.slice(start, next);
    const room = spanned.reduce((a, l) => a + l.width, 0) + GAP.length * (spanned.length - 1);
    const label = laid[start]?.group ?? "";
    const last = spanned[spanned.length - 1];
    if (last && label.length > room) last.width += label.length - room;
  }
}

/**
 * Lays out rows as aligned columns with two spaces between them and no borders, so a table of
 * many narrow numeric columns fits a terminal that cli-table3's boxes would overflow. Returns its
 * lines, trailing spaces trimmed.
 */
export function renderColumns<R>(columns: ReadonlyArray<Column<R>>, rows: readonly R[]): string[] {
  const laid: Laid[] = columns.map((c) => {
    const cells = rows.map((r) => c.cell(r));
    return {
      group: c.group,
      head: c.head,
      align: c.align,
      cells,
      width: Math.max(c.head.length, ...cells.map((s) => s.length)),
    };
  });
  fitGroups(laid);
  const line = (parts: string[]): string => parts.join(GAP).trimEnd();
  const out: string[] = [];
  if (laid.some((l) => l.group)) {
    let text = "";
    let at = 0;
    for (const l of laid) {
      if (l.group) text = text.padEnd(at) + l.group;
      at += l.width + GAP.length;
    }
    out.push(text);
  }
  out.push(line(laid.map((l) => pad(l.head, l))));
  rows.forEach((_, r) => out.push(line(laid.map((l) => pad(l.cells[r] ?? "", l)))));
  return out;
}
