import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { UserError } from "../errors.js";
import { readTextFile } from "./text-file.js";

/** A parsed YAML file that can say on which line any field sits. */
export interface YamlFile {
  path: string;
  doc: Document;
  /** The line of the deepest node of `path` present in the file (1 when none is). */
  lineOf(path: ReadonlyArray<PropertyKey>): number;
  /** A user error "file:line: field: message" for a field of the file. */
  error(path: ReadonlyArray<PropertyKey>, message: string): UserError;
}

/** Reads a YAML file; unreadable or malformed YAML is a user error naming the file and line. */
export function readYaml(path: string): YamlFile {
  let text: string;
  try {
    text = readTextFile(path);
  } catch {
    throw new UserError(`cannot read ${path}: no such file or not readable`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const first = doc.errors[0];
  if (first)
    throw new UserError(`${path}:${first.linePos?.[0]?.line ?? "?"}: invalid YAML: ${first.message.split("\n")[0]}`);
  const lineOf = (p: ReadonlyArray<PropertyKey>): number => {
    for (let depth = p.length; depth >= 0; depth--) {
      const node = doc.getIn(p.slice(0, depth) as Array<string | number>, true) as
        { range?: [number, number, number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  const error = (p: ReadonlyArray<PropertyKey>, message: string): UserError =>
    new UserError(`${path}:${lineOf(p)}: ${p.map(String).join(".") || "(top level)"}: ${message}`);
  return { path, doc, lineOf, error };
}

/** Validates a YAML file's content (or a value derived from it) against a schema; the first problem names file, line and field. */
export function validateYaml<S extends z.ZodType>(
  file: YamlFile,
  schema: S,
  value: unknown = file.doc.toJS(),
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw file.error(issue?.path ?? [], issue?.message ?? "invalid");
}
