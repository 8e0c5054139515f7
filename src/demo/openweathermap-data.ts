/**
 * Canned OpenWeatherMap data, in the real "current weather" and "5 day / 3 hour
 * forecast" response shapes. One source for two users: the demo provider
 * (demo/weather-provider.ts) and the test suite's msw handlers
 * (test/support/openweathermap.ts).
 */
import { uniform } from './noise.ts';

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
// The forecast's wet and grey days.
const rainy = { id: 501, main: 'Rain', description: 'moderate rain', icon: '10d' };
const cloudy = { id: 804, main: 'Clouds', description: 'overcast clouds', icon: '04d' };

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
      temp_min: hundredths(city.temp - 1.1),
      temp_max: hundredths(city.temp + 0.9),
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

const FORECAST_STEP_S = 3 * 3600;
const FORECAST_ENTRIES = 40;
const DAY_S = 86_400;
/** The generator's streams for the forecast, apart from the history's (demo/seed.ts). */
const FORECAST_STREAM = { swing: 11, wetness: 12, jitter: 13 } as const;

/**
 * A 200 body of GET /data/2.5/forecast?units=metric, exactly as OpenWeatherMap
 * shapes it: 40 entries, three hours apart, from the first three-hour mark
 * (UTC) after `from`. Every value depends only on the city and the entry's time
 * (a seeded day-to-day swing, a warmer afternoon, wetter and drier days), so a
 * forecast slot reads the same however often and whenever it is asked for.
 */
export function forecastBody(city: CannedCity, from = CANNED_OBSERVED_AT) {
  const first = from - (from % FORECAST_STEP_S) + FORECAST_STEP_S;
  const list = Array.from({ length: FORECAST_ENTRIES }, (_, i) => forecastEntry(city, first + i * FORECAST_STEP_S));
  return {
    cod: '200',
    message: 0,
    cnt: list.length,
    list,
    city: {
      id: city.id,
      name: city.name,
      coord: { lat: city.lat, lon: city.lon },
      country: city.country,
      population: 0,
      timezone: city.utcOffsetS,
      sunrise: first - 5 * 3600,
      sunset: first + 4 * 3600,
    },
  };
}

function forecastEntry(city: CannedCity, dt: number) {
  const local = dt + city.utcOffsetS;
  const day = Math.floor(local / DAY_S);
  const hour = (local % DAY_S) / 3600;
  const night = hour < 6 || hour >= 18;
  // Per city and local day: how much warmer or colder than the canned reading, and how wet.
  const swing = (uniform(city.id, day, FORECAST_STREAM.swing) - 0.5) * 6;
  const wetness = uniform(city.id, day, FORECAST_STREAM.wetness);
  const jitter = uniform(city.id, dt / FORECAST_STEP_S, FORECAST_STREAM.jitter);
  const afternoon = 3.5 * Math.sin((2 * Math.PI * (hour - 9)) / 24); // warmest at 15:00, coldest at 03:00 local
  const temp = hundredths(city.temp + swing + afternoon + (jitter - 0.5));
  // A dry day keeps the city's usual sky, unless that is rain or snow: then it is only grey.
  const usual = city.condition.main === 'Rain' || city.condition.main === 'Snow' ? cloudy : city.condition;
  const condition = wetness > 0.75 ? (city.temp < 3 ? snow : rainy) : wetness > 0.5 ? cloudy : usual;
  const pop = hundredths(wetness > 0.75 ? 0.6 + 0.4 * jitter : wetness > 0.5 ? 0.3 * jitter : 0.1 * jitter * wetness);
  return {
    dt,
    main: {
      temp,
      feels_like: hundredths(temp + city.feelsLike - city.temp),
      temp_min: temp,
      temp_max: temp,
      pressure: 1012,
      sea_level: 1012,
      grnd_level: 1008,
      humidity: Math.min(100, Math.round(city.humidity + 20 * (wetness - 0.5))),
      temp_kf: 0,
    },
    weather: [{ ...condition, icon: `${condition.icon.slice(0, 2)}${night ? 'n' : 'd'}` }],
    clouds: { all: condition.main === 'Clear' ? 0 : 75 },
    wind: {
      speed: hundredths(city.windSpeed * (0.6 + 0.8 * jitter)),
      deg: 240,
      gust: hundredths(city.windSpeed * 1.8),
    },
    visibility: 10000,
    pop,
    // Millimetres in the three hours, as OpenWeatherMap adds them on wet entries.
    ...(condition.main === 'Rain' && { rain: { '3h': hundredths(2 * pop) } }),
    ...(condition.main === 'Snow' && { snow: { '3h': hundredths(pop) } }),
    sys: { pod: night ? 'n' : 'd' },
    dt_txt: new Date(dt * 1000).toISOString().replace('T', ' ').slice(0, 19),
  };
}

function hundredths(value: number): number {
  return Math.round(value * 100) / 100;
}

/** OpenWeatherMap's error bodies: note `cod` is a string on 404 and a number on 401. */
export const NOT_FOUND_BODY = { cod: '404', message: 'city not found' };
export const INVALID_KEY_BODY = {
  cod: 401,
  message: 'Invalid API key. Please see https://openweathermap.org/faq#error401 for more info.',
};
