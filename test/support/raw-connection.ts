/**
 * A raw TCP connection that sends exactly the bytes given — a half-sent
 * request, say, which no HTTP client can produce. Not fetch: in the suite msw
 * would take that for an upstream call.
 */
import { connect } from 'node:net';

export interface RawConnection {
  /** Resolves when the connection is closed, by either side. */
  gone: Promise<void>;
  /** Everything the server sent back so far. */
  received(): string;
}

/** Connects to host:port and writes `text`; resolves once it is written. */
export async function sendRaw(host: string, port: number, text: string): Promise<RawConnection> {
  const socket = connect(port, host);
  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  socket.on('error', () => {}); // a reset when the server cuts the connection is expected
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  await new Promise<void>((resolve) => socket.write(text, () => resolve()));
  return { gone, received: () => received };
}
