import { UserError } from "../errors.js";
import { defaultModelKind, llamaKind } from "./llama-kind.js";
import { openaiKind } from "./openai.js";
import type { TargetKind } from "./target.js";

/** Which --target values a line of the table takes: a URL scheme, a file-name suffix, or no --target at all. */
export type SchemeMatch = { scheme: string } | { suffix: string } | "none";

/**
 * The one table of --target forms and the kind of target each opens. A new kind of target is its
 * file (a TargetKind) and a line here. Schemes are tried before suffixes, so `llama:x.gguf` is a scheme.
 */
export const TARGET_SCHEMES: ReadonlyArray<{ match: SchemeMatch; kind: TargetKind }> = [
  { match: { scheme: "http" }, kind: openaiKind },
  { match: { scheme: "https" }, kind: openaiKind },
  { match: { scheme: "llama" }, kind: llamaKind },
  { match: { suffix: ".gguf" }, kind: llamaKind },
  { match: "none", kind: defaultModelKind },
];

/** The scheme of a target string (`http` of `http://…`), or null when it has none. */
function schemeOf(raw: string): string | null {
  return /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase() ?? null;
}

/** The kind of target a --target value names (undefined: none given); anything else is a one-line user error listing the forms. */
export function targetKindOf(raw: string | undefined): TargetKind {
  const scheme = raw === undefined ? null : schemeOf(raw);
  const line =
    raw === undefined
      ? TARGET_SCHEMES.find((l) => l.match === "none")
      : (TARGET_SCHEMES.find((l) => typeof l.match === "object" && "scheme" in l.match && l.match.scheme === scheme) ??
        TARGET_SCHEMES.find(
          (l) => typeof l.match === "object" && "suffix" in l.match && raw.toLowerCase().endsWith(l.match.suffix),
        ));
  if (line) return line.kind;
  const forms = [...new Set(TARGET_SCHEMES.map((l) => l.kind.forms))].join("; ");
  throw new UserError(`unsupported target URL or path "${raw ?? ""}": expected ${forms}`);
}

/** The kind a worker spec reopens with (by its id). */
export function workerKindOf(id: string): TargetKind | null {
  return TARGET_SCHEMES.find((l) => l.kind.id === id && l.kind.reopen)?.kind ?? null;
}
