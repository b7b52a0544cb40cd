import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { probeOutcome } from "../../src/standards/efficiency/capacity.js";
import { parseSlo } from "../../src/standards/efficiency/slo.js";
import { benchHttp } from "../helpers/bench-run.js";
import { runCli } from "../helpers/cli.js";

describe("--find-max against a 2-slot server (~11 req/s capacity, 0.18 s per request)", () => {
  let server: SpawnedMockServer;
  beforeAll(async () => {
    server = await spawnMockServer(["--ttft", "30", "--itl", "3", "--slots", "2"]);
  });
  afterAll(() => server.close());

  it("finds a rate that meets ttft.p95<120 on a confirmation run, while 25% more misses it", async () => {
    const slo = parseSlo("ttft.p95<120");
    const shape = { requests: 24, slo, maxConcurrency: 8 };
    const { summary, outDir } = await benchHttp(
      server.url,
      { kind: "find-max", metric: "rate", maxConcurrency: 8, repeats: 1, precision: 0.15, maxProbes: 10, margin: 0.02 },
      shape,
    );
    const cap = summary.capacity!;
    expect(cap.metric).toBe("rate");
    expect(cap.slo).toEqual({ "ttft.p95": 120 });
    // The SLO cannot hold at or past capacity, and holds well below it.
    expect(cap.value).toBeGreaterThan(1.5);
    expect(cap.value).toBeLessThan(11.2);
    // The capacity is the highest passing probe, capped at the rate that probe achieved.
    expect(cap.bracket[0]).toBeGreaterThanOrEqual(cap.value);
    expect(cap.value).toBeLessThanOrEqual(cap.probes.find((p) => p.value === cap.bracket[0])!.achieved);
    expect(cap.bracket[1]).not.toBeNull();
    expect((cap.bracket[1]! - cap.bracket[0]) / cap.bracket[1]!).toBeLessThanOrEqual(0.15); // so 1.25 × the highest passing rate lies past the lowest failing one
    // Level 0 measured the throughput at concurrency 8; every probe is one open-loop level.
    expect(summary.levels[0]!.load).toEqual({ mode: "concurrency", value: 8 });
    expect(cap.probes.length).toBe(summary.levels.length - 1);

    // `report` reaches the same capacity from the files alone.
    const rep = await runCli(["report", outDir, "--json"]);
    expect(rep.stdout).toBe(readFileSync(join(outDir, "summary.json"), "utf8"));

    const rate = (value: number) => ({ mode: "rate" as const, value, arrival: "poisson", max_concurrency: 8 });
    const confirm = await benchHttp(
      server.url,
      { kind: "levels", loads: [rate(cap.value), rate(cap.bracket[0] * 1.25)] },
      shape,
    );
    const [at, above] = confirm.summary.levels;
    // Judged as the search judges a probe: the SLO, and the server serving the offered rate.
    expect(probeOutcome(at!, slo, 0).met).toBe(true);
    expect(probeOutcome(above!, slo, 0).met).toBe(false);
  }, 400_000);
});
