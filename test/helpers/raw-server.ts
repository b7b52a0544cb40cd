import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback HTTP server whose every answer the test writes by hand (raw bytes, odd headers, cuts); `models` answers GET /models when given. */
export async function rawServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
  models?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{
  url: string;
  requests: Array<{ headers: IncomingMessage["headers"]; body: string }>;
  close(): Promise<void>;
}> {
  const requests: Array<{ headers: IncomingMessage["headers"]; body: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if ((req.url ?? "").endsWith("/models")) {
        if (models) return models(req, res);
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end('{"data":[{"id":"raw-model"}]}');
      }
      requests.push({ headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
