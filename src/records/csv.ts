/** One CSV cell: text, a number written in full (never rounded), or null for an empty cell. */
export type CsvCell = string | number | null;

// RFC 4180: a field holding a comma, a quote or a line break is quoted, and its quotes doubled.
const NEEDS_QUOTES = /[",\r\n]/;

function field(c: CsvCell): string {
  if (c === null) return "";
  // A number's shortest round-trip form: a reader gets back exactly the value summary.json holds.
  const s = typeof c === "number" ? (Number.isFinite(c) ? String(c) : "") : c;
  return NEEDS_QUOTES.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A CSV document (RFC 4180: CRLF line ends, quoted fields where needed): a header row, then the rows. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [header, ...rows].map((r) => r.map(field).join(",") + "\r\n").join("");
}
