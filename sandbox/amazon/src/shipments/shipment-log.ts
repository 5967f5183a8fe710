/** What Amazon received per order through `confirmShipment`: each body as sent, when, and whether it was accepted. */

export interface ReceivedShipment {
  /** Sandbox time the call was handled (ISO). */
  receivedAt: string;
  sellerId: string;
  /** The request body exactly as parsed from the wire. */
  body: unknown;
  outcome: 'accepted' | 'refused';
  /** The HTTP status answered (204, 400, 404). */
  status: number;
  /** The model's errors when refused. */
  errors?: { code: string; message: string; details?: string }[];
  /** An `_after_accept` fault lost the answer: the client saw no status. */
  answerLost?: 'timeout_after_accept' | 'drop_after_accept';
}

/** In memory, per order id, oldest first; cleared by reset. */
export class ShipmentLog {
  readonly #byOrder = new Map<string, ReceivedShipment[]>();

  record(orderId: string, entry: ReceivedShipment): void {
    const list = this.#byOrder.get(orderId) ?? [];
    list.push(entry);
    this.#byOrder.set(orderId, list);
  }

  list(orderId: string): ReceivedShipment[] {
    return (this.#byOrder.get(orderId) ?? []).map((e) => ({ ...e }));
  }

  clear(): void {
    this.#byOrder.clear();
  }
}
