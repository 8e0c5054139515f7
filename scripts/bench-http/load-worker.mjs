/**
 * One autocannon run, in a worker thread so the load generator does not share
 * Skydeck's event loop. Posts back the plain figures the benchmark prints.
 */
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const { options, distinctCityPrefix } = workerData;
if (distinctCityPrefix !== undefined) {
  // Each request asks for a city nobody asked for before: town-0, town-1, …
  let next = 0;
  options.requests = [
    { setupRequest: (request) => ({ ...request, path: `/weather?city=${distinctCityPrefix}${next++}` }) },
  ];
}
// Off the main thread autocannon hands back raw histograms (its own workers' format): aggregate them here.
const result = autocannon.aggregateResult([await autocannon(options)], options);
const statusCodes = Object.fromEntries(
  Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, Number(count)]),
);
parentPort.postMessage({
  requests: result.requests.total,
  seconds: result.duration,
  latencyP50: result.latency.p50,
  latencyP99: result.latency.p99,
  statusCodes,
  errors: result.errors,
  timeouts: result.timeouts,
});
