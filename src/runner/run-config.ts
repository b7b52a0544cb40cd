import { z } from "zod";
import { UserError } from "../errors.js";
import { parseGate, type Gate } from "../decide/gate.js";
import { PROFILES, STANDARDS, type Profile, type Standard } from "../decide/profiles.js";
import type { Pricing } from "../decide/cost.js";
import { parsePerturbations } from "../perturb/spec.js";
import { headerProblem } from "../targets/request-headers.js";
import { readYaml, validateYaml, type YamlFile } from "../workloads/yaml-file.js";

// The file as written (after ${VAR} interpolation); docs/run.md documents every field.
const CANDIDATE = z.strictObject({
  name: z.string().min(1),
  target: z.string().min(1),
  model: z.string().min(1).optional(),
  api_key: z.string().optional(),
  headers: z
    .record(z.string(), z.string())
    .superRefine((hs, ctx) => {
      for (const [name, value] of Object.entries(hs)) {
        const problem = headerProblem(name, value);
        if (problem) ctx.addIssue({ code: "custom", path: [name], message: problem });
      }
    })
    .optional(),
  api: z.enum(["chat", "completions"]).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  pricing: z
    .union([
      z.strictObject({ usd_per_hour: z.number().positive() }),
      z.strictObject({ input_per_million: z.number().min(0), output_per_million: z.number().min(0) }),
    ])
    .optional(),
});

const TASK = z.strictObject({
  task: z.string().min(1),
  data: z.string().min(1).optional(),
  limit: z.number().int().positive().optional(),
  samples: z.number().int().positive().optional(),
  metrics: z.array(z.string().min(1)).min(1).optional(),
  max_tokens: z.number().int().positive().optional(),
});

const LOAD = z.strictObject({
  concurrency: z.array(z.number().int().positive()).min(1),
  requests: z.number().int().positive().default(50),
  input_tokens: z.number().int().positive().default(128),
  output_tokens: z.number().int().positive().default(64),
  warmup: z.number().int().min(0).default(0),
});

const PROFILE = z.union([
  z.string().min(1),
  z.strictObject({
    extends: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    gates: z.array(z.string().min(1)).optional(),
    weights: z.partialRecord(z.enum(STANDARDS), z.number().min(0)).optional(),
  }),
]);

export const RUN_CONFIG = z.strictObject({
  profile: PROFILE.default("chatbot"),
  candidates: z
    .array(CANDIDATE)
    .min(1)
    .refine((cs) => new Set(cs.map((c) => c.name)).size === cs.length, "candidate names must be unique"),
  tasks: z.array(TASK).default([]),
  perturb: z.array(z.string().min(1)).default([]),
  usability: z.array(z.string().min(1)).default([]),
  load: LOAD.optional(),
  seed: z.number().int().default(0),
});

type RawConfig = z.output<typeof RUN_CONFIG>;

/** One candidate as the run uses it: the API key is resolved from the environment and never written back. */
export interface RunCandidate {
  name: string;
  /** As `--target` takes it; undefined for the default model ("target: default" in the file). */
  target: string | undefined;
  model?: string;
  apiKey?: string;
  /** Sent on every request, like --header; secret like the key. */
  headers?: Record<string, string>;
  api?: "chat" | "completions";
  params: Record<string, unknown>;
  pricing: Pricing | null;
}

/** A validated run config: what `infermark run` executes. */
export interface RunConfig {
  source: string;
  profile: Profile;
  candidates: RunCandidate[];
  tasks: RawConfig["tasks"];
  perturb: string[];
  usability: string[];
  load: RawConfig["load"] | null;
  seed: number;
  /** The config with every `${VAR}` left as written (and no key), for run.json. */
  asWritten: unknown;
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of the file. A variable that is unset
 * and has no default is a user error naming the file, line and field, so a missing endpoint or key
 * is caught before any request.
 */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, file: YamlFile, path: PropertyKey[] = []): unknown {
  if (typeof value === "string")
    return value.replace(VAR, (_m, name: string, dflt: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== "") return v;
      if (dflt !== undefined) return dflt;
      throw file.error(path, `environment variable ${name} is not set (write \${${name}:-default} for a default)`);
    });
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, file, [...path, i]));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, file, [...path, k])]));
  return value;
}

function resolveProfile(raw: RawConfig["profile"], file: YamlFile): Profile {
  const named = (name: string, path: PropertyKey[]): Profile => {
    const p = PROFILES[name];
    if (!p) throw file.error(path, `unknown profile "${name}"; presets: ${Object.keys(PROFILES).join(", ")}`);
    return p;
  };
  if (typeof raw === "string") return named(raw, ["profile"]);
  const base = raw.extends ? named(raw.extends, ["profile", "extends"]) : null;
  const gates: Gate[] = (raw.gates ?? []).map((g, i) => {
    try {
      return parseGate(g);
    } catch (err) {
      throw file.error(["profile", "gates", i], err instanceof UserError ? err.message : String(err));
    }
  });
  const weights = {
    ...(base?.weights ?? { accuracy: 0.25, robustness: 0.25, usability: 0.25, efficiency: 0.25 }),
    ...raw.weights,
  } as Record<Standard, number>;
  if (STANDARDS.every((s) => weights[s] === 0))
    throw file.error(["profile", "weights"], "at least one standard needs a weight above 0");
  return {
    name: raw.name ?? (base ? `${base.name} (custom)` : "custom"),
    description: base?.description ?? "a profile from the run config",
    gates: raw.gates ? gates : (base?.gates ?? []),
    objectives: base?.objectives ?? [],
    weights,
    regression_margins: base?.regression_margins ?? {},
  };
}

function pricingOf(p: z.output<typeof CANDIDATE>["pricing"]): Pricing | null {
  if (!p) return null;
  return "usd_per_hour" in p
    ? { kind: "hourly", usd_per_hour: p.usd_per_hour }
    : { kind: "tokens", input_per_million: p.input_per_million, output_per_million: p.output_per_million };
}

/** Reads and validates a run config; every problem is one line naming the file, line and field. */
export function loadRunConfig(path: string, env: NodeJS.ProcessEnv = process.env): RunConfig {
  const file = readYaml(path);
  const written: unknown = file.doc.toJS();
  const raw = validateYaml(file, RUN_CONFIG, interpolate(written, env, file));
  raw.perturb.forEach((spec, i) => {
    try {
      parsePerturbations(spec);
    } catch (err) {
      throw file.error(["perturb", i], err instanceof UserError ? err.message : String(err));
    }
  });
  if (raw.tasks.length === 0 && !raw.load)
    throw file.error([], "nothing to run: give tasks (quality) or load (efficiency), or both");
  const asWritten = stripKeys(written);
  return {
    source: path,
    profile: resolveProfile(raw.profile, file),
    candidates: raw.candidates.map((c) => ({
      name: c.name,
      target: c.target === "default" ? undefined : c.target,
      ...(c.model ? { model: c.model } : {}),
      ...(c.api_key ? { apiKey: c.api_key } : {}),
      ...(c.headers && Object.keys(c.headers).length > 0 ? { headers: c.headers } : {}),
      ...(c.api ? { api: c.api } : {}),
      params: c.params ?? {},
      pricing: pricingOf(c.pricing),
    })),
    tasks: raw.tasks,
    perturb: raw.perturb,
    usability: raw.usability,
    load: raw.load ?? null,
    seed: raw.seed,
    asWritten,
  };
}

/** A secret as the config is kept: a `${VAR}` reference as written, a literal value not at all. */
const keptSecret = (x: unknown): unknown => (typeof x === "string" && /^\$\{[^}]+\}$/.test(x) ? x : "[redacted]");

/** The config as written, minus any api_key and header value: `${VAR}` references are kept, literal ones are not. */
function stripKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => {
        if (k === "api_key") return [k, keptSecret(x)];
        if (k === "headers" && x && typeof x === "object" && !Array.isArray(x))
          return [
            k,
            Object.fromEntries(
              Object.entries(x as Record<string, unknown>).map(([name, value]) => [name, keptSecret(value)]),
            ),
          ];
        return [k, stripKeys(x)];
      }),
    );
  return v;
}
