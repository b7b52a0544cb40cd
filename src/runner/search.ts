import type { LoadSpec } from "../records/record.js";
import type { ProbeTag } from "../standards/efficiency/level-line.js";

/** What a search needs from a level it ran: its index, achieved rate and whether it met the SLO (with the probe's margin). */
export interface LevelOutcome {
  level: number;
  achievedRate: number;
  met: boolean;
}

/** Runs one level at the given load; `probe` tags it as a capacity-search point. */
export type RunLoad = (load: LoadSpec, opts?: { seed?: number; probe?: ProbeTag }) => Promise<LevelOutcome>;

/** How rate levels are shaped in a sweep or search. */
export interface RateShape {
  arrival: string;
  maxConcurrency: number | null;
}

const rateLoad = (value: number, shape: RateShape): LoadSpec => ({
  mode: "rate",
  value,
  arrival: shape.arrival,
  max_concurrency: shape.maxConcurrency,
});

/**
 * GuideLLM-style sweep: one synchronous level (concurrency 1), one at full throughput
 * (concurrency `maxConcurrency`), then `rates` open-loop levels evenly spaced strictly between
 * the two measured request rates.
 */
export async function sweep(
  run: RunLoad,
  rates: number,
  maxConcurrency: number,
  shape: RateShape,
  stopped: () => boolean,
): Promise<void> {
  const sync = await run({ mode: "concurrency", value: 1 });
  if (stopped()) return;
  const full = await run({ mode: "concurrency", value: maxConcurrency });
  const lo = sync.achievedRate;
  const hi = Math.max(full.achievedRate, lo);
  for (let i = 1; i <= rates && !stopped(); i++) await run(rateLoad(lo + ((hi - lo) * i) / (rates + 1), shape));
}

/** Settings of a capacity search. */
export interface SearchOptions {
  metric: "rate" | "concurrency";
  /** Highest concurrency tried (and the concurrency of the throughput level that seeds a rate search). */
  maxConcurrency: number;
  /** Runs per probed value, with seeds seed, seed+1, ...; a value passes only if every run met the SLO. */
  repeats: number;
  /** A probe passes when every SLO term is below its limit × (1 − margin). */
  margin: number;
  /** Stop when (hi − lo) / hi is at most this (rate search). */
  precision: number;
  /** Upper bound on probed values. */
  maxProbes: number;
  seed: number;
  shape: RateShape;
}

/**
 * Finds the highest load that meets the SLO. A rate search first measures the throughput at
 * `maxConcurrency`, probes that rate, doubles while it passes, then bisects between the highest
 * passing and lowest failing rate. A concurrency search doubles from 1 and bisects on integers.
 * Returns each probed value with the levels that ran it.
 */
export async function findMax(
  run: RunLoad,
  o: SearchOptions,
  stopped: () => boolean,
): Promise<Array<{ value: number; met: boolean; levels: number[] }>> {
  const probes: Array<{ value: number; met: boolean; levels: number[] }> = [];
  const probe = async (value: number): Promise<boolean> => {
    const levels: number[] = [];
    let met = true;
    for (let j = 0; j < o.repeats && met && !stopped(); j++) {
      const load: LoadSpec = o.metric === "rate" ? rateLoad(value, o.shape) : { mode: "concurrency", value };
      const out = await run(load, { seed: o.seed + j, probe: { metric: o.metric, value, margin: o.margin } });
      levels.push(out.level);
      met = out.met;
    }
    probes.push({ value, met, levels });
    return met;
  };

  let lo = 0;
  let hi: number | null = null;
  let v: number;
  if (o.metric === "rate") {
    const full = await run({ mode: "concurrency", value: o.maxConcurrency });
    v = full.achievedRate > 0 ? full.achievedRate : 1;
  } else {
    v = 1;
  }
  // Grow until a value fails (at most 3 doublings past the throughput rate; up to maxConcurrency).
  for (let grow = 0; !stopped() && probes.length < o.maxProbes; grow++) {
    if (await probe(v)) {
      lo = v;
      if (o.metric === "rate" ? grow >= 3 : v >= o.maxConcurrency) break;
      v = o.metric === "rate" ? v * 2 : Math.min(v * 2, o.maxConcurrency);
    } else {
      hi = v;
      break;
    }
  }
  const done = (): boolean => hi === null || (o.metric === "rate" ? (hi - lo) / hi <= o.precision : hi - lo <= 1);
  while (!done() && !stopped() && probes.length < o.maxProbes) {
    const mid = o.metric === "rate" ? (lo + hi!) / 2 : Math.floor((lo + hi!) / 2);
    if (await probe(mid)) lo = mid;
    else hi = mid;
  }
  return probes;
}
