import { hostname, networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { isThisMachine } from "../../src/targets/local-host.js";
import { openaiCapabilities } from "../../src/targets/openai.js";
import { llamaCapabilities } from "../../src/targets/llama-params.js";

describe("whether a target computes on this machine", () => {
  it("loopback names and addresses, the unspecified address and this host's name are this machine", () => {
    for (const h of ["localhost", "LOCALHOST", "api.localhost", "127.0.0.1", "127.1.2.3", "0.0.0.0", "[::1]", "::1"])
      expect(isThisMachine(h), h).toBe(true);
    expect(isThisMachine(hostname())).toBe(true);
  });

  it("every address of this machine's interfaces is this machine", () => {
    const addresses = Object.values(networkInterfaces()).flatMap((a) => a ?? []);
    expect(addresses.length).toBeGreaterThan(0);
    for (const a of addresses) expect(isThisMachine(a.family === "IPv6" ? `[${a.address}]` : a.address)).toBe(true);
  });

  it("documentation addresses and other names are another machine (names are never resolved)", () => {
    // 192.0.2.0/24 and 2001:db8::/32 are reserved for documentation: never an interface's address.
    for (const h of ["192.0.2.10", "[2001:db8::1]", "gpu-box.example.com", "128.0.0.1", "localhost.example.com"])
      expect(isThisMachine(h), h).toBe(false);
  });

  it("an HTTP target declares it from its URL; the embedded engine always shares the machine", () => {
    expect(openaiCapabilities("http://127.0.0.1:8000/v1").sharesMachine).toBe(true);
    expect(openaiCapabilities("http://localhost:8000/v1").sharesMachine).toBe(true);
    expect(openaiCapabilities("https://192.0.2.10/v1").sharesMachine).toBe(false);
    expect(llamaCapabilities(1).sharesMachine).toBe(true);
  });
});
