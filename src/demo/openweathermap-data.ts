/**
 * Canned OpenWeatherMap data, in the real "current weather" response shape.
 * One source for two users: the demo provider (demo/weather-provider.ts) and
 * the test suite's msw handlers (test/support/openweathermap.ts).
 */

export interface CannedCity {
  name: string;
  country: string;
  lat: number;
  lon: number;
  /** OpenWeatherMap's city id. */
  id: number;
  /** Seconds east of UTC on the canned date (OpenWeatherMap's `timezone`). */
  utcOffsetS: number;
  temp: number;
  feelsLike: number;
  humidity: number;
  windSpeed: number;
  condition: { id: number; main: string; description: string; icon: string };
}

const clouds = { id: 803, main: 'Clouds', description: 'broken clouds', icon: '04d' };
const rain = { id: 500, main: 'Rain', description: 'light rain', icon: '10d' };
const clear = { id: 800, main: 'Clear', description: 'clear sky', icon: '01d' };
const mist = { id: 701, main: 'Mist', description: 'mist', icon: '50d' };
const snow = { id: 600, main: 'Snow', description: 'light snow', icon: '13d' };

/** The cities demo mode knows; any other name is "city not found", as upstream would say. */
export const CANNED_CITIES: readonly CannedCity[] = [
  {
    name: 'Dublin',
    utcOffsetS: 0,
    country: 'IE',
    lat: 53.344,
    lon: -6.2672,
    id: 2964574,
    temp: 11.5,
    feelsLike: 10.9,
    humidity: 82,
    windSpeed: 5.66,
    condition: clouds,
  },
  {
    name: 'London',
    utcOffsetS: 0,
    country: 'GB',
    lat: 51.5085,
    lon: -0.1257,
    id: 2643743,
    temp: 12.3,
    feelsLike: 11.6,
    humidity: 76,
    windSpeed: 4.12,
    condition: rain,
  },
  {
    name: 'Paris',
    utcOffsetS: 3600,
    country: 'FR',
    lat: 48.8534,
    lon: 2.3488,
    id: 2988507,
    temp: 13.8,
    feelsLike: 13.1,
    humidity: 71,
    windSpeed: 3.6,
    condition: clouds,
  },
  {
    name: 'Berlin',
    utcOffsetS: 3600,
    country: 'DE',
    lat: 52.5244,
    lon: 13.4105,
    id: 2950159,
    temp: 8.4,
    feelsLike: 6.2,
    humidity: 80,
    windSpeed: 4.63,
    condition: mist,
  },
  {
    name: 'Madrid',
    utcOffsetS: 3600,
    country: 'ES',
    lat: 40.4165,
    lon: -3.7026,
    id: 3117735,
    temp: 17.9,
    feelsLike: 17.2,
    humidity: 48,
    windSpeed: 2.57,
    condition: clear,
  },
  {
    name: 'Rome',
    utcOffsetS: 3600,
    country: 'IT',
    lat: 41.8947,
    lon: 12.4839,
    id: 3169070,
    temp: 18.6,
    feelsLike: 18.1,
    humidity: 62,
    windSpeed: 2.06,
    condition: clear,
  },
  {
    name: 'Oslo',
    utcOffsetS: 3600,
    country: 'NO',
    lat: 59.9127,
    lon: 10.7461,
    id: 3143244,
    temp: -2.4,
    feelsLike: -6.8,
    humidity: 88,
    windSpeed: 3.09,
    condition: snow,
  },
  {
    name: 'Reykjavik',
    utcOffsetS: 0,
    country: 'IS',
    lat: 64.1355,
    lon: -21.8954,
    id: 3413829,
    temp: 1.2,
    feelsLike: -3.9,
    humidity: 75,
    windSpeed: 7.2,
    condition: snow,
  },
  {
    name: 'New York',
    utcOffsetS: -18000,
    country: 'US',
    lat: 40.7143,
    lon: -74.006,
    id: 5128581,
    temp: 9.7,
    feelsLike: 7.9,
    humidity: 58,
    windSpeed: 5.14,
    condition: clear,
  },
  {
    name: 'San Francisco',
    utcOffsetS: -28800,
    country: 'US',
    lat: 37.7749,
    lon: -122.4194,
    id: 5391959,
    temp: 14.2,
    feelsLike: 13.5,
    humidity: 79,
    windSpeed: 6.17,
    condition: mist,
  },
  {
    name: 'Tokyo',
    utcOffsetS: 32400,
    country: 'JP',
    lat: 35.6895,
    lon: 139.6917,
    id: 1850147,
    temp: 15.1,
    feelsLike: 14.4,
    humidity: 66,
    windSpeed: 3.6,
    condition: clouds,
  },
  {
    name: 'Sydney',
    utcOffsetS: 39600,
    country: 'AU',
    lat: -33.8679,
    lon: 151.2073,
    id: 2147714,
    temp: 23.4,
    feelsLike: 23.1,
    humidity: 64,
    windSpeed: 5.66,
    condition: clear,
  },
  {
    name: 'Cape Town',
    utcOffsetS: 7200,
    country: 'ZA',
    lat: -33.9258,
    lon: 18.4232,
    id: 3369157,
    temp: 21.7,
    feelsLike: 21.2,
    humidity: 59,
    windSpeed: 8.75,
    condition: clear,
  },
  {
    name: 'São Paulo',
    utcOffsetS: -10800,
    country: 'BR',
    lat: -23.5475,
    lon: -46.6361,
    id: 3448439,
    temp: 24.9,
    feelsLike: 25.3,
    humidity: 70,
    windSpeed: 2.57,
    condition: rain,
  },
  {
    name: 'Mumbai',
    utcOffsetS: 19800,
    country: 'IN',
    lat: 19.0144,
    lon: 72.8479,
    id: 1275339,
    temp: 29.0,
    feelsLike: 32.4,
    humidity: 74,
    windSpeed: 3.09,
    condition: mist,
  },
  {
    name: 'Cairo',
    utcOffsetS: 7200,
    country: 'EG',
    lat: 30.0626,
    lon: 31.2497,
    id: 360630,
    temp: 22.3,
    feelsLike: 21.5,
    humidity: 41,
    windSpeed: 4.12,
    condition: clear,
  },
];

/** Case- and accent-insensitive lookup, as OpenWeatherMap's `q` is. */
export function findCannedCity(query: string): CannedCity | undefined {
  const key = foldName(query);
  return CANNED_CITIES.find((city) => foldName(city.name) === key);
}

function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase();
}

/** Fixed observation time of the canned data: 2026-11-27T12:00:00Z. */
export const CANNED_OBSERVED_AT = 1_795_780_800;

/** A 200 body of GET /data/2.5/weather?units=metric, exactly as OpenWeatherMap shapes it. */
export function currentWeatherBody(city: CannedCity, observedAt = CANNED_OBSERVED_AT) {
  return {
    coord: { lon: city.lon, lat: city.lat },
    weather: [city.condition],
    base: 'stations',
    main: {
      temp: city.temp,
      feels_like: city.feelsLike,
      temp_min: Math.round((city.temp - 1.1) * 100) / 100,
      temp_max: Math.round((city.temp + 0.9) * 100) / 100,
      pressure: 1012,
      humidity: city.humidity,
    },
    visibility: 10000,
    wind: { speed: city.windSpeed, deg: 240 },
    clouds: { all: city.condition.main === 'Clear' ? 0 : 75 },
    dt: observedAt,
    sys: { country: city.country, sunrise: observedAt - 5 * 3600, sunset: observedAt + 4 * 3600 },
    timezone: city.utcOffsetS,
    id: city.id,
    name: city.name,
    cod: 200,
  };
}

/** OpenWeatherMap's error bodies: note `cod` is a string on 404 and a number on 401. */
export const NOT_FOUND_BODY = { cod: '404', message: 'city not found' };
export const INVALID_KEY_BODY = {
  cod: 401,
  message: 'Invalid API key. Please see https://openweathermap.org/faq#error401 for more info.',
};
