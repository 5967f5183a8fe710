/**
 * Saturation throughput: autocannon's closed loop (each of N connections sends its next request when the last
 * one answered), over the same mix of routes, so the figure is what the API serves flat out on this machine.
 */
import autocannon from 'autocannon';

export interface SaturationResult {
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon for `seconds` with `connections`, each request's path from `nextPath`. */
export async function runSaturation(o: { origin: string; headers: Record<string, string>; connections: number; seconds: number; nextPath: () => string }): Promise<SaturationResult> {
  const result = await autocannon({
    url: o.origin,
    connections: o.connections,
    duration: o.seconds,
    headers: o.headers,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: o.nextPath() }) }],
  });
  return {
    connections: o.connections,
    seconds: o.seconds,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
