import { UserError } from "../errors.js";

/** Where a flag comes from: another tool people already know, or infermark's own older name. */
export type FlagOrigin = "infermark" | "vLLM" | "GuideLLM" | "lm-eval";

/** The commands a flag of the table applies to. */
type CommandName = "bench" | "eval";

/**
 * How a flag infermark does not list in --help is handled:
 * - alias: it is the infermark flag `use` under another name (with its value, when `value`);
 * - mapped: its value decides what it becomes (`map` returns the infermark arguments);
 * - suggest: no clean equivalent, so it is an unknown option with a "did you mean `use`?";
 * - refuse: never accepted, for the reason in `why`.
 */
export type ForeignFlag = {
  flag: string;
  from: FlagOrigin;
  commands: readonly CommandName[];
  /** The infermark flag(s) it corresponds to, as docs and errors name them. */
  use: string;
  /** What the mapping means, for docs. */
  why: string;
} & Handling;

type Handling =
  | { how: "alias"; value: boolean }
  | { how: "mapped"; map: (value: string, args: readonly string[]) => string[] }
  | { how: "suggest" }
  | { how: "refuse" };

const BENCH = ["bench"] as const;
const EVAL = ["eval"] as const;
const BOTH = ["bench", "eval"] as const;
const TARGETS = ["bench", "eval"] as const;

const entry =
  (how: Handling) =>
  (flag: string, from: FlagOrigin, commands: readonly CommandName[], use: string, why: string): ForeignFlag => ({
    flag,
    from,
    commands,
    use,
    why,
    ...how,
  });
const alias = entry({ how: "alias", value: true });
const switchAlias = entry({ how: "alias", value: false });
const suggest = entry({ how: "suggest" });
const refuse = entry({ how: "refuse" });
const mapped = (
  flag: string,
  from: FlagOrigin,
  commands: readonly CommandName[],
  use: string,
  why: string,
  map: (value: string, args: readonly string[]) => string[],
): ForeignFlag => ({ flag, from, commands, use, why, how: "mapped", map });

/** True when `args` hold any of `flags` (alone or as `--flag=value`). */
const given = (args: readonly string[], ...flags: string[]): boolean =>
  args.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));
const DATA_FLAGS = ["--data", "--dataset", "--dataset-path"];

/** vLLM's --request-rate: `inf` (its default) sends without a rate, so no --rate level at all. */
function requestRate(v: string): string[] {
  return v.trim().toLowerCase() === "inf" ? [] : ["--rate", v];
}

/** vLLM's --dataset-name: random is infermark's synthetic prompts; sharegpt needs the file itself. */
function datasetName(v: string, args: readonly string[]): string[] {
  const name = v.trim().toLowerCase();
  if (name === "random") {
    if (given(args, ...DATA_FLAGS))
      throw new UserError("--dataset-name random makes synthetic prompts: drop --data (or --dataset-name)");
    return [];
  }
  if (name === "sharegpt") {
    if (!given(args, ...DATA_FLAGS))
      throw new UserError(
        "--dataset-name sharegpt: give the ShareGPT JSON file with --data FILE (infermark reads local files and never downloads)",
      );
    return [];
  }
  throw new UserError(`--dataset-name ${v}: infermark reads sharegpt (with --data FILE) or random (synthetic prompts)`);
}

/** lm-eval's --tasks takes a list; an infermark eval run is one task. */
function tasks(v: string): string[] {
  if (v.includes(",")) throw new UserError(`--tasks ${v}: infermark eval runs one task per run: --task NAME`);
  return ["--task", v];
}

/** One line per flag: what people type, where it comes from, and what infermark makes of it. */
// prettier-ignore
export const FOREIGN_FLAGS: readonly ForeignFlag[] = [
  alias("--dataset", "infermark", BENCH, "--data", "the prompts file (bench's older name)"),
  alias("--max-tokens", "infermark", BOTH, "--output-tokens", "output budget per request (eval's older name)"),
  alias("--num-prompts", "vLLM", BENCH, "--requests", "measured requests per level"),
  mapped("--request-rate", "vLLM", BENCH, "--rate", "open-loop rate; `inf` means no rate: a closed loop at --concurrency (or --max-concurrency)", requestRate),
  alias("--dataset-path", "vLLM", BENCH, "--data", "the prompts file"),
  mapped("--dataset-name", "vLLM", BENCH, "--data", "`random`: synthetic prompts (the default); `sharegpt`: the file given with --data (never downloaded)", datasetName),
  alias("--random-input-len", "vLLM", BENCH, "--input-tokens", "synthetic prompt length"),
  alias("--random-output-len", "vLLM", BENCH, "--output-tokens", "output budget per request"),
  alias("--sharegpt-output-len", "vLLM", BENCH, "--output-tokens", "one output budget for every request"),
  switchAlias("--save-result", "vLLM", BENCH, "--save-result", "every run writes its run directory; the command says where"),
  suggest("--result-dir", "vLLM", BENCH, "--out", "--out names the run directory itself"),
  suggest("--random-range-ratio", "vLLM", BENCH, "--input-tokens N:SD", "a normal spread, not a uniform range"),
  suggest("--base-url", "vLLM", TARGETS, "--target", "the URL up to /v1, e.g. http://host:8000/v1"),
  suggest("--host", "vLLM", TARGETS, "--target", "the URL up to /v1, e.g. http://host:8000/v1"),
  suggest("--port", "vLLM", TARGETS, "--target", "the URL up to /v1, e.g. http://host:8000/v1"),
  suggest("--endpoint", "vLLM", TARGETS, "--api", "chat or completions, under --target"),
  suggest("--backend", "vLLM", TARGETS, "--api", "chat or completions"),
  suggest("--percentile-metrics", "vLLM", BENCH, "--json", "every percentile of every metric is in the summary"),
  suggest("--goodput", "vLLM", BENCH, "--slo", 'e.g. --slo "ttft.p95<500,tpot.p95<50"'),
  alias("--max-requests", "GuideLLM", BENCH, "--requests", "measured requests per level"),
  alias("--max-seconds", "GuideLLM", BENCH, "--duration", "seconds measured per level"),
  alias("--output-path", "GuideLLM", BOTH, "--out", "the run directory (a directory, not one file)"),
  suggest("--rate-type", "GuideLLM", BENCH, "--concurrency, --rate or --sweep", "synchronous/concurrent: --concurrency; constant/poisson: --rate with --arrival; sweep: --sweep"),
  suggest("--warmup-percent", "GuideLLM", BENCH, "--warmup", "a request count or seconds (e.g. 5s) per level"),
  suggest("--cooldown-percent", "GuideLLM", BENCH, "--cooldown", "a request count or seconds per level"),
  mapped("--tasks", "lm-eval", EVAL, "--task", "one task per run", tasks),
  alias("--num-fewshot", "lm-eval", EVAL, "--fewshot", "few-shot examples per prompt"),
  alias("--num_fewshot", "lm-eval", EVAL, "--fewshot", "few-shot examples per prompt"),
  alias("--output_path", "lm-eval", BOTH, "--out", "the run directory"),
  suggest("--batch_size", "lm-eval", EVAL, "--concurrency", "requests in flight"),
  suggest("--batch-size", "lm-eval", EVAL, "--concurrency", "requests in flight"),
  suggest("--model_args", "lm-eval", EVAL, "--target and --model", "the server URL and the model id"),
  suggest("--gen_kwargs", "lm-eval", EVAL, "--param or --temperature", "extra request fields, e.g. --param top_p=0.9"),
  suggest("--log_samples", "lm-eval", EVAL, "--out", "every answer is always written to the run directory"),
  refuse("--api-key", "vLLM", TARGETS, "--api-key-env NAME", "a key on the command line lands in shell history and ps: use --api-key-env NAME (the variable holding the key)"),
];

/** The entry `flag` names for `command`, if any. */
function lookup(command: string, flag: string): ForeignFlag | undefined {
  return FOREIGN_FLAGS.find((f) => f.flag === flag && (f.commands as readonly string[]).includes(command));
}

/**
 * Rewrites a command line (`process.argv.slice(2)`, the command first) into infermark's own flags
 * before commander reads it: aliases become their infermark flag, mapped flags what their value
 * means; a flag with no clean equivalent, or one refused, is a one-line user error naming the
 * infermark flag. Arguments after `--` and values are passed through as typed.
 */
export function translateArgs(args: readonly string[]): string[] {
  const [command, ...rest] = args;
  if (command === undefined) return [];
  const out: string[] = [command];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    if (arg === "--") {
      out.push(...rest.slice(i));
      break;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const entry = arg.startsWith("--") ? lookup(command, name) : undefined;
    if (!entry) {
      out.push(arg);
      continue;
    }
    if (entry.how === "refuse") throw new UserError(`${entry.flag} is refused: ${entry.why}`);
    if (entry.how === "suggest")
      throw new UserError(`unknown option '${entry.flag}' (${entry.from}); did you mean ${entry.use}? ${entry.why}`);
    if (entry.how === "alias" && !entry.value) {
      out.push(entry.use);
      continue;
    }
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = inline ?? rest[i + 1];
    if (inline === undefined) i++;
    if (value === undefined) throw new UserError(`${entry.flag} needs a value (it is ${entry.use} here)`);
    out.push(...(entry.how === "alias" ? [entry.use, value] : entry.map(value, args)));
  }
  return out;
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two flags. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/**
 * For an unknown option close to a flag of the table (a typo of --request-rate), what to say:
 * "did you mean --request-rate (vLLM: --rate)?"; null when none is within a third of its length.
 */
export function foreignSuggestion(command: string, flag: string): string | null {
  let best: { entry: ForeignFlag; d: number } | null = null;
  for (const entry of FOREIGN_FLAGS) {
    if (!(entry.commands as readonly string[]).includes(command)) continue;
    const d = distance(flag, entry.flag);
    if (d <= Math.max(1, Math.floor(entry.flag.length / 3)) && (best === null || d < best.d)) best = { entry, d };
  }
  if (best === null) return null;
  const { entry } = best;
  return entry.use === entry.flag
    ? `did you mean ${entry.flag}?`
    : `did you mean ${entry.flag} (${entry.from}: ${entry.use})?`;
}
