/**
 * The labels flow's routes (mounted under /api, admin-only like every business route): a batch of deliveries
 * (`POST /backends/{id}/labels/batches`, 202 with the batch id), its progress (`GET .../labels/batches/{batchId}`),
 * and voiding a delivery's label (`POST /backends/{id}/labels/{pickingId}/void`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../api/components.ts';
import { BackendId } from '../../api/schemas.ts';
import { BackendIdParams, conflict, notFound } from '../../api/routes/common.ts';
import { PermanentError } from '../../core/errors.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { batchProgress, createBatch } from './label-batch.ts';
import { LabelBatchProgress, LabelBatchRequest, LabelVoidResult } from './labels.schemas.ts';
import { voidLabel } from './void-label.ts';

async function liveBackend(env: Pick<TaskEnv, 'core'>, id: number): Promise<void> {
  const state = await env.core.backends.state(id);
  if (state !== 'active' && state !== 'disabled') throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`);
}

export function labelsRoutes(env: TaskEnv): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.post('/backends/:id/labels/batches', {
      config: { access: 'write' as const },
      schema: {
        tags: ['labels'],
        summary: 'Buys Buy Shipping labels for many deliveries at once (a warehouse\'s morning batch), within the seller\'s quota',
        description: 'Queues the purchase of one label per delivery (ready outgoing deliveries of merchant-fulfilled Amazon orders without tracking); ' +
          'the workers buy through the shared quota gate. Read the progress with GET .../labels/batches/{batchId}. A delivery already labelled is not bought again.',
        params: BackendIdParams,
        body: LabelBatchRequest,
        response: { 202: Type.Object({ batchId: Type.String(), total: Type.Integer() }), ...notFound },
      },
    }, async (req, reply) => {
      await liveBackend(env, req.params.id);
      const batchId = await createBatch(env.db.pool, req.params.id, req.body.pickingIds);
      return reply.code(202).send({ batchId, total: new Set(req.body.pickingIds).size });
    });

    app.get('/backends/:id/labels/batches/:batchId', {
      config: { access: 'read' as const },
      schema: {
        tags: ['labels'],
        summary: 'The progress of a label batch: labelled, failed (conflicts), not eligible, pending',
        params: Type.Object({ id: BackendId, batchId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: ref(LabelBatchProgress), ...notFound },
      },
    }, async (req) => {
      await liveBackend(env, req.params.id);
      return batchProgress(env.db.pool, req.params.id, req.params.batchId);
    });

    app.post('/backends/:id/labels/:pickingId/void', {
      config: { access: 'write' as const },
      schema: {
        tags: ['labels'],
        summary: "Voids a delivery's label with Amazon (within the void window), removes its attachments and clears the tracking number",
        description: '409 LABEL_VOID_WINDOW_PASSED once Amazon no longer allows it (the label stands); 404 LABEL_NOT_FOUND without a bought label.',
        params: Type.Object({ id: BackendId, pickingId: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the ERP delivery (stock.picking id; Odoo ids are 32-bit)' }) }),
        response: { 200: ref(LabelVoidResult), ...notFound, ...conflict },
      },
    }, async (req) => {
      await liveBackend(env, req.params.id);
      return voidLabel(env, req.params.id, req.params.pickingId);
    });
  };
}
