// How often the client_limited verdict is right: `infermark calibrate` over a grid of loads and
// thread counts against the built-in server (its own process, logging its own send times). A row
// is right when the verdict fires exactly where the TTFT error p50 exceeds the bound. Run with
// `npm run build && node dist/bench/client-limited-grid.js` (GRID_LEVELS, GRID_WORKERS, GRID_ITL to change the grid).
import { calibrate } from "../src/runner/calibrate.js";

const levels = (process.env.GRID_LEVELS ?? "1,8,16,32,64,96,128,192,256").split(",").map(Number);
const workers = (process.env.GRID_WORKERS ?? "1,2").split(",").map(Number);
const itls = (process.env.GRID_ITL ?? "5,2").split(",").map(Number);
const BOUND = 5;

const rows = [];
for (const itl of itls) {
  const c = await calibrate(
    { ttftMs: 50, itlMs: itl, tokens: 256, concurrency: levels, workers, boundMs: BOUND },
    (r) =>
      process.stderr.write(
        `itl ${itl}, threads ${r.workers}, ${r.concurrency} streams: err p50 ${r.ttft_error_ms.p50.toFixed(2)} ms, ${r.client_limited ? "limited" : "ok"}\n`,
      ),
  );
  for (const r of c.rows) rows.push({ itl, ...r });
}
const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : "—");
console.log(`client_limited against the TTFT error p50 bound of ${BOUND} ms (built-in server, TTFT 50 ms, 256 tokens)`);
console.log(
  "| itl ms | threads | streams | err p50 / p99 | stamp delay p50 / p99 | lag p99 | cpu | verdict | right? | reasons |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|");
let right = 0;
for (const r of rows) {
  const ok = r.client_limited === r.ttft_error_ms.p50 > BOUND;
  if (ok) right++;
  console.log(
    `| ${r.itl} | ${r.workers} | ${r.concurrency} | ${f(r.ttft_error_ms.p50)} / ${f(r.ttft_error_ms.p99)} | ${f(r.stamp_loop_delay_ms.p50)} / ${f(r.stamp_loop_delay_ms.p99)} | ${f(r.schedule_lag_p99_ms)} | ${r.cpu_cores.toFixed(2)} | ${r.client_limited ? "limited" : "ok"} | ${ok ? "yes" : "NO"} | ${r.client_reasons.join("; ")} |`,
  );
}
console.log(`\nright on ${right} of ${rows.length} rows`);
console.log(JSON.stringify({ bench: "client-limited-grid", bound_ms: BOUND, rows }));
