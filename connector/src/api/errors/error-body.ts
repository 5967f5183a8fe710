/** The one shape of every error answer, with the catalogue of codes as its `code` enum (see error-catalogue.ts). */
import { Type } from 'typebox';
import type { ErrorCatalogue } from './error-catalogue.ts';

/** The shared ErrorBody schema over the assembled catalogue (core's codes and the flows'). */
export function errorBodySchema(catalogue: ErrorCatalogue) {
  return Type.Object(
    {
      code: Type.Enum([...catalogue.codes], { description: `stable code: act on it, never on the message.\n\n${catalogue.table()}` }),
      message: Type.String({ description: 'readable explanation; wording may change' }),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'safe details, e.g. `problems` of a BAD_REQUEST' })),
    },
    {
      $id: 'ErrorBody',
      additionalProperties: false,
      description: 'Every error answer: a stable code (see `code` for the catalogue), a readable message and safe details',
    },
  );
}

type ErrorAnswer = { code: string; message: string; details?: Record<string, unknown> };

/** A route's documented error answer for `status`, naming the codes of the catalogue it carries. */
export function errorAnswer(catalogue: ErrorCatalogue, status: number) {
  const codes = Object.entries(catalogue.entries).filter(([, e]) => e.status === status).map(([c]) => c);
  return Type.Unsafe<ErrorAnswer>({ $ref: 'ErrorBody#', description: `Error: ${codes.join(', ')}` });
}

/** A route's documented error answer (refers to the shared ErrorBody schema). */
export const errorRef = Type.Unsafe<ErrorAnswer>({ $ref: 'ErrorBody#' });
