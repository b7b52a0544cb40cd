import type { ErrorKind } from "../records/record.js";

interface CodedError {
  code?: string;
  message?: string;
  errors?: unknown[];
  cause?: unknown;
}

function codeOf(err: unknown): string {
  const e = err as CodedError | null;
  if (!e || typeof e !== "object") return "";
  if (e.code && e.code !== "UND_ERR_CONNECT") return e.code;
  // localhost resolves to ::1 and 127.0.0.1: Node reports both failures as an AggregateError.
  if (Array.isArray(e.errors) && e.errors.length > 0) return codeOf(e.errors[0]);
  if (e.cause) return codeOf(e.cause);
  return e.code ?? "";
}

/** Sorts a transport failure into an error kind: refused vs DNS vs a stream cut after the response began. */
export function classifyTransportError(err: unknown, responseStarted: boolean): { kind: ErrorKind; message: string } {
  const code = codeOf(err);
  const detail = `${code ? code + ": " : ""}${(err as CodedError)?.message ?? String(err)}`;
  if (code === "ECONNREFUSED") return { kind: "connection_refused", message: detail };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME")
    return { kind: "dns_failure", message: detail };
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return { kind: "timeout", message: detail };
  }
  return { kind: responseStarted ? "stream_cut" : "connection_error", message: detail };
}
