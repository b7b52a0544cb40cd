import { UserError } from "../errors.js";
import { PERTURBATIONS, type ParsedPerturbation, type Perturbation } from "./table.js";

/** The table row of a name, or undefined. */
export function perturbationNamed(name: string): Perturbation | undefined {
  return PERTURBATIONS.find((p) => p.name === name);
}

/**
 * Parses a spec list such as "typo:0.1,lowercase,choice-order:3". A mistake — unknown name, bad or
 * unwanted parameter, empty entry, the same perturbation twice — is a UserError naming it and
 * what would be valid.
 */
export function parsePerturbations(list: string): ParsedPerturbation[] {
  const entries = list.split(",").map((s) => s.trim());
  if (entries.every((e) => e === ""))
    throw new UserError("no perturbation given: list names separated by commas, e.g. typo:0.1,lowercase");
  const out: ParsedPerturbation[] = [];
  for (const entry of entries) {
    if (entry === "") throw new UserError(`empty entry in perturbation list "${list}"`);
    const colon = entry.indexOf(":");
    const name = colon < 0 ? entry : entry.slice(0, colon).trim();
    const raw = colon < 0 ? undefined : entry.slice(colon + 1);
    const row = perturbationNamed(name);
    if (!row)
      throw new UserError(`unknown perturbation "${name}"; valid: ${PERTURBATIONS.map((p) => p.name).join(", ")}`);
    const parsed = row.parse(raw);
    if (!parsed.ok) throw new UserError(`perturbation ${parsed.reason}`);
    if (out.some((p) => p.spec === parsed.value.spec))
      throw new UserError(`perturbation ${parsed.value.spec} is listed twice`);
    out.push(parsed.value);
  }
  return out;
}
