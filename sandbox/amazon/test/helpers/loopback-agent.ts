/**
 * An https.Agent that sends every request, whatever its host, as plain HTTP/1.1 to a local port: how the real
 * amazon-sp-api client reaches the sandbox while keeping Amazon's host names in the Host header.
 */
import https from 'node:https';
import net from 'node:net';

export class LoopbackAgent extends https.Agent {
  readonly #port: number;

  constructor(port: number) {
    super({ keepAlive: false });
    this.#port = port;
  }

  override createConnection(): net.Socket {
    return net.connect({ host: '127.0.0.1', port: this.#port });
  }
}
