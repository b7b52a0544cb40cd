import { spawn } from "node:child_process";
import { join } from "node:path";
import { request } from "undici";
import { packageRoot } from "../package-root.js";
import type { MockLogEntry } from "./sse-server.js";

/** A mock server running in its own process, so it never shares an event loop or CPU accounting with the client. */
export interface SpawnedMockServer {
  url: string;
  pid: number;
  /** The server's own per-request log (times on the server's clock). */
  log(): Promise<MockLogEntry[]>;
  close(): Promise<void>;
}

/** Starts the built `infermark mock-server` with the given flags (e.g. ["--ttft", "150"]) on a free loopback port. */
export function spawnMockServer(flags: string[]): Promise<SpawnedMockServer> {
  const CLI = join(packageRoot(), "dist", "src", "cli", "main.js");
  const child = spawn(process.execPath, [CLI, "mock-server", "--port", "0", ...flags], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => reject(new Error(`mock server exited with ${code}: ${err.trim()}`)));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (!m) return;
      const url = m[1]!;
      child.removeAllListeners("exit");
      resolve({
        url,
        pid: child.pid!,
        log: async () => (await (await request(`${url}/_mock/log`)).body.json()) as MockLogEntry[],
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}
