/**
 * Pulls the `x-amzn-api-sandbox` static examples out of the official Orders v2026-01-01 model, in the compact form
 * the sandbox replays (committed as orders-2026-examples.json; a test keeps it equal to the model).
 */

export interface StaticExample {
  operation: 'searchOrders' | 'getOrder';
  /** Request parameters by name: strings, or arrays for list parameters. */
  parameters: Record<string, string | string[]>;
  status: number;
  response: unknown;
}

const OPERATIONS: Record<string, StaticExample['operation']> = {
  '/orders/2026-01-01/orders': 'searchOrders',
  '/orders/2026-01-01/orders/{orderId}': 'getOrder',
};

interface ModelShape {
  paths: Record<string, Record<string, { responses?: Record<string, { 'x-amzn-api-sandbox'?: { static?: Array<{
    request?: { parameters?: Record<string, { value: string | string[] }> }; response?: unknown;
  }> } }> }>>;
}

/** The static examples of searchOrders and getOrder, in model order. */
export function extractStaticExamples(model: unknown): StaticExample[] {
  const out: StaticExample[] = [];
  for (const [path, methods] of Object.entries((model as ModelShape).paths)) {
    const operation = OPERATIONS[path];
    if (!operation) continue;
    for (const [status, resp] of Object.entries(methods.get?.responses ?? {})) {
      for (const ex of resp['x-amzn-api-sandbox']?.static ?? []) {
        const parameters: Record<string, string | string[]> = {};
        for (const [name, p] of Object.entries(ex.request?.parameters ?? {})) parameters[name] = p.value;
        out.push({ operation, parameters, status: Number(status), response: ex.response });
      }
    }
  }
  return out;
}
