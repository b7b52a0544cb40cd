import { availableParallelism, cpus, platform, arch, totalmem } from "node:os";

/** The machine a run measured from, for run.json: client overhead depends on it. */
export function hostInfo(): Record<string, unknown> {
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: availableParallelism(),
    memory_bytes: totalmem(),
    node: process.version,
    platform: platform(),
    arch: arch(),
  };
}
