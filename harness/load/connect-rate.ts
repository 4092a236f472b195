import autocannon from 'autocannon';

export interface ConnectRateReport {
  durationSec: number;
  connections: number;
  requestsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

/**
 * The `connect-rate` step: rtm.connect under HTTP load with autocannon, since every reconnect storm
 * lands there. Bounded in time. autocannon runs a closed model (each connection waits for its answer) and
 * does not correct for coordinated omission: its latency is rtm.connect's service time at that concurrency,
 * not latency at a rate (the message steps are the open-model, corrected measurement).
 */
export async function measureConnectRate(
  apiUrl: string,
  token: string,
  durationSec = 3,
  connections = 10,
): Promise<ConnectRateReport> {
  const result = await autocannon({
    url: new URL('rtm.connect', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`).toString(),
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    duration: durationSec,
    connections,
    timeout: 10,
  });
  return {
    durationSec,
    connections,
    requestsPerSec: result.requests.average,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
