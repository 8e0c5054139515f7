import type { LogStream } from '../../src/http/logging.ts';

/** A log destination that keeps every line, parsed, for assertions. */
export function collectLogs(): LogStream & { lines: Array<Record<string, unknown>>; text: () => string } {
  const raw: string[] = [];
  return {
    write: (line) => {
      raw.push(line);
    },
    get lines() {
      return raw.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    text: () => raw.join(''),
  };
}
