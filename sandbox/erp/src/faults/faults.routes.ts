/** `/_sandbox/faults`: add a fault rule (POST), list the rules and the faults given (GET), forget the rules (DELETE). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { ERP_FAULT_KINDS, type ErpFaultRule, type ErpFaults } from './fault-rules.ts';

const RuleBody = Compile(Type.Object({
  target: Type.String({ minLength: 1, maxLength: 200 }),
  percent: Type.Number({ minimum: 0, maximum: 100 }),
  kinds: Type.Array(Type.Union(ERP_FAULT_KINDS.map((k) => Type.Literal(k))), { minItems: 1, maxItems: 100 }),
  durationSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 31_536_000 })),
  seed: Type.Optional(Type.Integer()),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
}, { additionalProperties: false }));

/** Registers the routes; errors are `{error: CODE, message}` with 400 (BAD_REQUEST: the schema, BAD_FAULT: the rule). */
export function registerFaultRoutes(app: FastifyInstance, faults: ErpFaults): void {
  app.post('/_sandbox/faults', async (req, reply) => {
    if (!RuleBody.Check(req.body)) {
      const e = [...RuleBody.Errors(req.body)][0];
      return reply.code(400).send({ error: 'BAD_REQUEST', message: `body${e?.instancePath ?? ''}: ${e?.message ?? 'invalid'}` });
    }
    try {
      return { ok: true, rule: faults.add(req.body as ErpFaultRule) };
    } catch (e) {
      return reply.code(400).send({ error: 'BAD_FAULT', message: (e as Error).message });
    }
  });
  app.get('/_sandbox/faults', async () => faults.snapshot());
  app.delete('/_sandbox/faults', async () => {
    faults.clear();
    return { ok: true };
  });
}
