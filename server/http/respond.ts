/**
 * JSON responses and errors of the REST API. Every error has the same shape,
 * `{"error": {"code": "not-found", "message": "年报 … 不存在"}}`: `code` is stable for programs,
 * `message` is zh-CN for people.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type ErrorCode =
  | 'bad-request'
  | 'invalid-json'
  | 'invalid-field'
  | 'not-found'
  | 'method-not-allowed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'internal'
  | 'unavailable'
  // Accounts (issue 5)
  | 'unauthenticated'
  | 'wrong-credentials'
  | 'csrf'
  | 'forbidden'
  | 'last-owner'
  | 'rate-limited'
  // Versions (issue 17)
  | 'publication-blocked'
  | 'busy';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra headers, e.g. `Allow` on 405. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
}

/**
 * Reads a JSON request body: 415 unless `Content-Type` is JSON, 413 past `maxBytes` (stopping
 * the read there), 400 for a body that does not parse.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported-media-type', '请求内容类型应为 application/json');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid-json', '请求内容不是有效的 JSON');
  }
}

function tooLarge(maxBytes: number): HttpError {
  // The rest of the body is not read: the connection closes after the answer.
  return new HttpError(413, 'payload-too-large', `请求内容过大（上限 ${maxBytes} 字节）`, { Connection: 'close' });
}
