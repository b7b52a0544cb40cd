import { UserError } from "../errors.js";
import { createRng, mixSeed, normal, type Rng } from "../stats/rng.js";

/** How arrivals are spread in time: Poisson (exponential gaps), evenly spaced, or gamma gaps with a given coefficient of variation. */
export type Arrival = { kind: "poisson" } | { kind: "constant" } | { kind: "gamma"; cv: number };

/** Parses `poisson`, `constant` or `gamma:CV` (CV > 0; 1 is Poisson, below 1 smoother, above burstier). */
export function parseArrival(raw: string): Arrival {
  if (raw === "poisson") return { kind: "poisson" };
  if (raw === "constant") return { kind: "constant" };
  const m = /^gamma:(\d+(?:\.\d+)?|\.\d+)$/.exec(raw);
  if (m && Number(m[1]) > 0) return { kind: "gamma", cv: Number(m[1]) };
  throw new UserError(`--arrival "${raw}": expected poisson, constant or gamma:CV with CV > 0 (e.g. gamma:2)`);
}

/** Gamma(shape, 1) draw: Marsaglia–Tsang, with the shape+1 boost below shape 1. */
function gamma(shape: number, rng: Rng): number {
  if (shape < 1) return gamma(shape + 1, rng) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A gap between arrivals of a unit-rate process (mean 1). */
function unitGap(arrival: Arrival, rng: Rng): number {
  switch (arrival.kind) {
    case "constant":
      return 1;
    case "poisson":
      return -Math.log(1 - rng());
    case "gamma": {
      const shape = 1 / (arrival.cv * arrival.cv);
      return gamma(shape, rng) / shape;
    }
  }
}

/**
 * Intended send times (ms from the level start), endless: the caller takes what it needs before
 * the level begins. Arrivals are drawn as a unit-rate process and mapped through the inverse of
 * the expected-arrivals curve, so for one seed every rate gets the same pattern, scaled: a higher
 * rate is never easier, which is what makes a capacity search by bisection sound. With a ramp-up,
 * the rate climbs linearly from 0 over `rampUpMs`. The first arrival is at 0.
 */
export function* arrivalTimes(
  rate: number,
  arrival: Arrival,
  seed: number,
  rampUpMs: number,
): Generator<number, never> {
  if (!(rate > 0)) throw new UserError(`--rate must be above 0, got ${rate}`);
  const perMs = rate / 1000;
  const rampArrivals = (perMs * rampUpMs) / 2;
  // Expected arrivals by t: perMs·t²/(2·ramp) during the ramp, then linear at perMs.
  const timeOf = (u: number): number =>
    u <= rampArrivals ? Math.sqrt((2 * rampUpMs * u) / perMs) : rampUpMs + (u - rampArrivals) / perMs;
  const rng = createRng(mixSeed(seed, 0x5c4ed));
  for (let u = 0; ; u += unitGap(arrival, rng)) yield timeOf(u);
}

/** The first `count` arrival times of `arrivalTimes`. */
export function firstArrivals(count: number, rate: number, arrival: Arrival, seed: number, rampUpMs = 0): number[] {
  const out: number[] = [];
  for (const t of arrivalTimes(rate, arrival, seed, rampUpMs)) {
    if (out.length >= count) break;
    out.push(t);
  }
  return out;
}
