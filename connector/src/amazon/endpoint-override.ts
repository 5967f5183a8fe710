/**
 * The endpoint override: a configuration like a proxy, not a sandbox switch. `amazon-sp-api` has no endpoint
 * option (hosts come from the region, port 443), but it sends every request, the LWA token call included,
 * through `options.https_proxy_agent`. This agent opens a plain TCP connection to one server instead of a TLS one
 * to Amazon, so everything arrives there as HTTP/1.1 with the original Host header (api.amazon.com,
 * sellingpartnerapi-eu.amazon.com, ...), on which that server routes.
 */
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';

export interface EndpointOverride {
  host: string;
  port: number;
}

export class LoopbackAgent extends https.Agent {
  readonly #target: EndpointOverride;

  constructor(target: EndpointOverride) {
    // keepAlive: one backend makes many small calls; reusing the socket avoids a connect per call.
    super({ keepAlive: true });
    this.#target = target;
  }

  /** Plain TCP to the override target; the request keeps its Amazon Host header. */
  override createConnection(): Duplex {
    return net.connect({ host: this.#target.host, port: this.#target.port });
  }
}

/** The agent for one backend: the loopback agent when overridden, else a keep-alive TLS agent straight to Amazon. */
export function agentFor(endpoint: EndpointOverride | undefined): https.Agent {
  return endpoint ? new LoopbackAgent(endpoint) : new https.Agent({ keepAlive: true });
}
