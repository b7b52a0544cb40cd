/** The terminal width every table and line of prose is laid out for. */
export const WIDTH = 80;

/** Words of `text` in lines of at most `WIDTH` columns: the first after `indent`, the rest after `more`. */
export function wrap(text: string, indent: string, more = indent + "  "): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(" ")) {
    if (line.trim().length > 0 && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = more;
    }
    line += (line.trim().length > 0 ? " " : "") + word;
  }
  lines.push(line);
  return lines;
}

/**
 * Every line of `text` within `WIDTH` columns: a longer line is wrapped at spaces, its
 * continuation indented two more than the line itself, so a reader sees where it goes on. A
 * single word longer than the width (a path, a URL) stays whole rather than be cut.
 */
export function wrapLines(text: string): string {
  return text
    .split("\n")
    .flatMap((l) => {
      if (l.length <= WIDTH) return [l];
      const indent = /^ */.exec(l)?.[0] ?? "";
      return wrap(l.slice(indent.length), indent);
    })
    .join("\n");
}
