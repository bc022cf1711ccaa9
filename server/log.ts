/**
 * Structured JSON logs (pino), one line per event, fields rather than prose so that they can be
 * queried: `{"level":"warn","report":"…","conn":12,"code":4400,"msg":"bad message"}`.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export function isLogLevel(value: string): value is LogLevel {
  return (logLevels as readonly string[]).includes(value);
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'nianbao' } };
  return destination ? pino(options, destination) : pino(options);
}
