import { createRequire } from "node:module";
import type * as Echarts from "echarts";

type Option = Parameters<Echarts.ECharts["setOption"]>[0];

// Loaded on first use, and as the one-file CommonJS bundle: importing the ES build took ~0.75 s,
// which every CLI command paid before it printed anything (the bundle loads in ~0.14 s).
let loaded: typeof Echarts | undefined;
function echarts(): typeof Echarts {
  return (loaded ??= createRequire(import.meta.url)("echarts") as typeof Echarts);
}

/**
 * One chart rendered at build time to inline SVG (ECharts' server-side renderer), so the report
 * opens with no network and no script. The chart is disposed at once: a live instance keeps
 * timers that hold the process open.
 */
export function svgChart(option: Option, width = 640, height = 300): string {
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    // The SSR renderer writes a gradient's hover fill as "[object Object]" (the continuous
    // visualMap's bar); the declaration is invalid CSS, so dropping it changes nothing a browser shows.
    return chart.renderToSVGString().replaceAll("fill:[object Object];", "");
  } finally {
    chart.dispose();
  }
}

/** Empirical CDF points of `values`, thinned to at most `max` points (every value kept when fewer), always keeping both ends. */
export function cdfPoints(values: readonly number[], max = 200): Array<[number, number]> {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.ceil(n / max));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < n; i += step) out.push([sorted[i] ?? 0, (i + 1) / n]);
  if (out[out.length - 1]?.[1] !== 1) out.push([sorted[n - 1] ?? 0, 1]);
  return out;
}

/** CDFs of one latency (ms) across series, e.g. one per load level. */
export function cdfChart(title: string, series: ReadonlyArray<{ name: string; values: readonly number[] }>): string {
  return svgChart({
    title: { text: title, left: "center", textStyle: { fontSize: 13 } },
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 35, bottom: 50 },
    xAxis: { type: "value", name: "ms", nameLocation: "middle", nameGap: 25, scale: true },
    yAxis: { type: "value", min: 0, max: 1, name: "share ≤ x" },
    series: series.map((s) => ({
      type: "line",
      name: s.name,
      showSymbol: false,
      step: "end",
      data: cdfPoints(s.values),
    })),
  });
}

/** A line through (x, y) points, e.g. throughput against TTFT p95 across load levels. */
export function lineChart(
  title: string,
  xName: string,
  yName: string,
  series: ReadonlyArray<{ name: string; points: ReadonlyArray<[number, number]> }>,
): string {
  return svgChart({
    title: { text: title, left: "center", textStyle: { fontSize: 13 } },
    legend: { bottom: 0 },
    grid: { left: 60, right: 20, top: 35, bottom: 50 },
    xAxis: { type: "value", name: xName, nameLocation: "middle", nameGap: 25, scale: true },
    yAxis: { type: "value", name: yName, scale: true },
    series: series.map((s) => ({ type: "line", name: s.name, data: s.points.map((p) => [...p]) })),
  });
}

/** Bars with their 95 % intervals drawn as error bars. */
export function barsWithCi(
  title: string,
  bars: ReadonlyArray<{ name: string; value: number; lo: number | null; hi: number | null }>,
): string {
  return svgChart(
    {
      title: { text: title, left: "center", textStyle: { fontSize: 13 } },
      grid: { left: 50, right: 20, top: 35, bottom: 70 },
      xAxis: { type: "category", data: bars.map((b) => b.name), axisLabel: { rotate: bars.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", min: 0 },
      series: [
        { type: "bar", data: bars.map((b) => b.value), barMaxWidth: 40 },
        {
          type: "custom",
          renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[] }) => {
            const x = api.value(0);
            const lo = api.coord([x, api.value(1)]);
            const hi = api.coord([x, api.value(2)]);
            const [lx = 0, ly = 0] = lo;
            const [, hy = 0] = hi;
            return {
              type: "group",
              children: [
                { type: "line", shape: { x1: lx, y1: ly, x2: lx, y2: hy }, style: { stroke: "#333", lineWidth: 1.5 } },
                { type: "line", shape: { x1: lx - 6, y1: hy, x2: lx + 6, y2: hy }, style: { stroke: "#333" } },
                { type: "line", shape: { x1: lx - 6, y1: ly, x2: lx + 6, y2: ly }, style: { stroke: "#333" } },
              ],
            };
          },
          data: bars.flatMap((b, i) => (b.lo === null || b.hi === null ? [] : [[i, b.lo, b.hi]])),
          z: 10,
        },
      ],
    },
    Math.max(360, 70 * bars.length + 120),
  );
}

/** A heatmap of values in [0, 1] over rows × columns, e.g. accuracy per perturbation × task. */
export function heatmap(
  title: string,
  rows: readonly string[],
  cols: readonly string[],
  cells: ReadonlyArray<{ row: number; col: number; value: number }>,
): string {
  return svgChart(
    {
      title: { text: title, left: "center", textStyle: { fontSize: 13 } },
      grid: { left: 120, right: 20, top: 35, bottom: 60 },
      xAxis: { type: "category", data: [...cols] },
      yAxis: { type: "category", data: [...rows] },
      visualMap: { min: 0, max: 1, orient: "horizontal", left: "center", bottom: 0, calculable: false },
      series: [
        { type: "heatmap", data: cells.map((c) => [c.col, c.row, Number(c.value.toFixed(3))]), label: { show: true } },
      ],
    },
    Math.max(480, 90 * cols.length + 160),
    Math.max(220, 36 * rows.length + 120),
  );
}

/** Candidates on two axes, the Pareto front drawn as a line through its points. */
export function paretoChart(
  title: string,
  xName: string,
  yName: string,
  points: ReadonlyArray<{ name: string; x: number; y: number; front: boolean }>,
): string {
  const front = points.filter((p) => p.front).sort((a, b) => a.x - b.x);
  return svgChart({
    title: { text: title, left: "center", textStyle: { fontSize: 13 } },
    grid: { left: 60, right: 30, top: 35, bottom: 45 },
    xAxis: { type: "value", name: xName, nameLocation: "middle", nameGap: 25, scale: true },
    yAxis: { type: "value", name: yName, scale: true },
    series: [
      {
        type: "scatter",
        symbolSize: 12,
        data: points.map((p) => ({ value: [p.x, p.y], name: p.name, itemStyle: { color: p.front ? "#2a7" : "#aaa" } })),
        label: { show: true, formatter: "{b}", position: "right" },
      },
      {
        type: "line",
        data: front.map((p) => [p.x, p.y]),
        showSymbol: false,
        lineStyle: { type: "dashed", color: "#2a7" },
      },
    ],
  });
}
