/**
 * A stand-in for OpenWeatherMap on 127.0.0.1, for the HTTP benchmark: it
 * answers the current weather (/data/2.5/weather) and the forecast
 * (/data/2.5/forecast) of any city with the canned Dublin data under that
 * city's name, and counts every call Skydeck makes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CANNED_CITIES,
  type CannedCity,
  currentWeatherBody,
  forecastBody,
  NOT_FOUND_BODY,
} from '../../src/demo/openweathermap-data.ts';

export interface FakeOpenWeatherMap {
  /** Base URL for WEATHER_API_URL. */
  readonly url: string;
  /** Requests Skydeck has made (current weather and forecasts); set to 0 between runs. */
  calls: number;
  /** How long each answer waits, as a real provider's round trip would. */
  latencyMs: number;
  /** Called after each request with the running count. */
  onCall: ((calls: number) => void) | undefined;
  close(): Promise<void>;
}

const [TEMPLATE] = CANNED_CITIES as [CannedCity, ...CannedCity[]];

const ENDPOINTS: Record<string, (city: CannedCity, now: number) => object> = {
  '/data/2.5/weather': currentWeatherBody,
  '/data/2.5/forecast': forecastBody,
};

export async function startFakeOpenWeatherMap(): Promise<FakeOpenWeatherMap> {
  const server = createServer((request, response) => {
    fake.calls++;
    fake.onCall?.(fake.calls);
    const url = new URL(request.url ?? '/', 'http://fake');
    const city = url.searchParams.get('q')?.trim();
    const body = Object.hasOwn(ENDPOINTS, url.pathname) ? ENDPOINTS[url.pathname] : undefined;
    if (!body || !city) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(NOT_FOUND_BODY));
      return;
    }
    const json = JSON.stringify(body({ ...TEMPLATE, name: city }, Math.floor(Date.now() / 1000)));
    const answer = () => response.writeHead(200, { 'content-type': 'application/json' }).end(json);
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
