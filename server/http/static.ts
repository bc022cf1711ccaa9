/**
 * Serves the built client (`vite build` → dist/client) so that one port does everything. Files
 * are looked up inside the client folder only; a path without a file extension that is no file
 * (`/`, `/reports/<id>`) gets index.html, where the client's router takes over. Vite's hashed
 * files under /assets/ never change, so they are cached for a year; index.html never is.
 * Security headers (CSP, framing, nosniff) are set for every answer by server/http/security-headers.ts.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { HttpError } from './respond.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export class StaticClient {
  private readonly root: string;

  constructor(clientDir: string) {
    this.root = resolve(clientDir);
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      throw new HttpError(405, 'method-not-allowed', `此地址不支持 ${method} 方法（可用：GET, HEAD）`, { Allow: 'GET, HEAD' });
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      throw new HttpError(400, 'bad-request', '地址编码无效');
    }
    // Source maps are never served, even if a build left some behind (vite.config.ts makes none).
    if (extname(decoded) === '.map') throw new HttpError(404, 'not-found', `没有这个文件：${path}`);
    const file = resolve(join(this.root, decoded));
    if (file !== this.root && !file.startsWith(this.root + sep)) throw new HttpError(404, 'not-found', `没有这个文件：${path}`);
    if (await isFile(file)) return this.sendFile(req, res, file, decoded.startsWith('/assets/'));
    if (extname(decoded) !== '') throw new HttpError(404, 'not-found', `没有这个文件：${path}`);
    const index = join(this.root, 'index.html');
    if (!(await isFile(index))) {
      throw new HttpError(404, 'not-found', '网页客户端尚未构建：请先运行 npm run build');
    }
    return this.sendFile(req, res, index, false);
  }

  private async sendFile(req: IncomingMessage, res: ServerResponse, file: string, immutable: boolean): Promise<void> {
    const info = await stat(file);
    res.writeHead(200, {
      'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await new Promise<void>((done, fail) => {
      const stream = createReadStream(file);
      stream.on('error', fail);
      res.on('close', () => done());
      stream.pipe(res);
    });
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
