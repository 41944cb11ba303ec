// winston logger: JSON lines to a rotating file, readable console lines in development.
import winston from 'winston';
import path from 'node:path';

export type Logger = winston.Logger;

export interface LoggerOptions {
  /** Folder for livedata.log; null logs to the console only. */
  logDir: string | null;
  level?: string;
  /** Console output (off in tests unless LIVEDATA_LOG_CONSOLE=1). */
  console?: boolean;
}

export function createLogger(opts: LoggerOptions): Logger {
  const transports: winston.transport[] = [];
  if (opts.logDir) {
    transports.push(
      new winston.transports.File({
        filename: path.join(opts.logDir, 'livedata.log'),
        maxsize: 10 * 1024 * 1024,
        maxFiles: 5,
        tailable: true,
        format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      }),
    );
  }
  if (opts.console ?? true) {
    transports.push(
      new winston.transports.Console({
        stderrLevels: ['error', 'warn', 'info', 'debug'],
        format: winston.format.combine(
          winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
          winston.format.printf(({ timestamp, level, message, ...meta }) => {
            const rest = Object.keys(meta).length ? ' ' + JSON.stringify(meta) : '';
            return `${String(timestamp)} ${level} ${String(message)}${rest}`;
          }),
        ),
      }),
    );
  }
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  return winston.createLogger({ level: opts.level ?? 'info', transports });
}

/** A logger that discards everything, for unit tests. */
export function silentLogger(): Logger {
  return winston.createLogger({ transports: [new winston.transports.Console({ silent: true })] });
}
