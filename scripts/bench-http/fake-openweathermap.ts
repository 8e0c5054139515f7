/**
 * A stand-in for OpenWeatherMap on 127.0.0.1, for the HTTP benchmark: it
 * answers GET /data/2.5/weather for any city with the canned Dublin reading
 * under that city's name, and counts the calls Skydeck makes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CANNED_CITIES,
  type CannedCity,
  currentWeatherBody,
  NOT_FOUND_BODY,
} from '../../src/demo/openweathermap-data.js';

export interface FakeOpenWeatherMap {
  /** Base URL for WEATHER_API_URL. */
  readonly url: string;
  /** Weather lookups answered so far; set to 0 between runs. */
  calls: number;
  /** How long each answer waits, as a real provider's round trip would. */
  latencyMs: number;
  /** Called after each lookup with the running count. */
  onCall: ((calls: number) => void) | undefined;
  close(): Promise<void>;
}

const [TEMPLATE] = CANNED_CITIES as [CannedCity, ...CannedCity[]];

export async function startFakeOpenWeatherMap(): Promise<FakeOpenWeatherMap> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const city = url.searchParams.get('q')?.trim();
    if (url.pathname !== '/data/2.5/weather' || !city) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(NOT_FOUND_BODY));
      return;
    }
    fake.calls++;
    fake.onCall?.(fake.calls);
    const body = JSON.stringify(currentWeatherBody({ ...TEMPLATE, name: city }, Math.floor(Date.now() / 1000)));
    const answer = () => response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    if (fake.latencyMs > 0) setTimeout(answer, fake.latencyMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeOpenWeatherMap = {
    url: `http://127.0.0.1:${port}`,
    calls: 0,
    latencyMs: 0,
    onCall: undefined,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
