import { UserError } from "../../errors.js";
import type { MetricComparison } from "../accuracy/compare-runs.js";

/** The sampling settings `--sweep-decoding` can vary, each with the value that leaves sampling as it is (null: none). */
const KEYS = {
  temperature: null,
  top_p: 1,
  top_k: 0,
  min_p: 0,
  repetition_penalty: 1,
  frequency_penalty: 0,
  presence_penalty: 0,
} as const satisfies Record<string, number | null>;

export type SweepKey = keyof typeof KEYS;
export const SWEEP_KEYS = Object.keys(KEYS) as SweepKey[];
const isSweepKey = (k: string): k is SweepKey => k in KEYS;

/** One point of the grid: a value for every swept key. */
export type DecodingPoint = Partial<Record<SweepKey, number>>;

/** `temperature=0,0.7;top_p=1,0.9` as its cartesian product, the first key varying slowest. */
export function parseDecodingGrid(spec: string): DecodingPoint[] {
  const axes: Array<[SweepKey, number[]]> = [];
  for (const part of spec.split(";").map((s) => s.trim())) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (!isSweepKey(key))
      throw new UserError(`--sweep-decoding: unknown key "${key}"; expected one of ${SWEEP_KEYS.join(", ")}`);
    if (axes.some(([k]) => k === key)) throw new UserError(`--sweep-decoding: ${key} is given twice`);
    const raw =
      eq < 0
        ? []
        : part
            .slice(eq + 1)
            .split(",")
            .map((v) => v.trim())
            .filter((v) => v !== "");
    const values = raw.map(Number);
    if (values.length === 0 || values.some((v) => !Number.isFinite(v)))
      throw new UserError(`--sweep-decoding: ${key} needs a list of numbers, as ${key}=0,0.7,1 (got "${part}")`);
    if (new Set(values).size !== values.length) throw new UserError(`--sweep-decoding: ${key} repeats a value`);
    axes.push([key, values]);
  }
  if (axes.length === 0)
    throw new UserError(`--sweep-decoding: give at least one key=v1,v2 (keys: ${SWEEP_KEYS.join(", ")})`);
  let points: DecodingPoint[] = [{}];
  for (const [key, values] of axes) points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  return points;
}

/** A point's name, as printed and as its subdirectory: `temperature=0.7,top_p=0.9`. */
export const pointLabel = (p: DecodingPoint): string =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

/** The subdirectory of a point under --out (no "=" or ","). */
export const pointDir = (p: DecodingPoint): string =>
  Object.entries(p)
    .map(([k, v]) => `${k}-${v}`)
    .join("_");

/**
 * Whether a point is the task's own setting: its temperature, and every other key at the value
 * that leaves sampling unchanged (top_p 1, top_k 0 or below, penalties neutral).
 */
export function isDefaultPoint(p: DecodingPoint, taskTemperature: number): boolean {
  return Object.entries(p).every(([k, v]) => {
    if (k === "temperature") return v === taskTemperature;
    if (k === "top_k") return v <= 0;
    return isSweepKey(k) && KEYS[k] === v;
  });
}

/** One point's accuracy on the task's first metric. */
export interface SweepPointResult {
  point: DecodingPoint;
  label: string;
  /** Its run directory. */
  dir: string;
  value: number;
  ci95: [number, number];
  n: number;
  /** The task's own settings (the grid point that matches them, or the extra run made for them). */
  default: boolean;
  /** Run only as the default, outside the grid. */
  in_grid: boolean;
}

/** The accuracy surface of a decoding sweep (docs/robustness.md). */
export interface DecodingSweep {
  metric: string;
  points: SweepPointResult[];
  best: string;
  worst: string;
  default: string;
  /** max − min over the grid's points, with the paired difference best − worst over the items both answered; null with one point. */
  spread: { value: number; best_minus_worst: MetricComparison } | { value: null; reason: string };
}

/** Best and worst of the grid's points (ties: the earlier point). */
export function extremes(points: readonly SweepPointResult[]): { best: SweepPointResult; worst: SweepPointResult } {
  const grid = points.filter((p) => p.in_grid);
  const first = grid[0];
  if (!first) throw new Error("extremes: no grid point");
  let best = first;
  let worst = first;
  for (const p of grid) {
    if (p.value > best.value) best = p;
    if (p.value < worst.value) worst = p;
  }
  return { best, worst };
}
