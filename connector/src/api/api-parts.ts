/**
 * What the flows add to the API, given to the server by its caller (app/ assembles it from the flow list): the
 * server itself names no flow. Each flow brings its admin routes (mounted under /api, each declaring its
 * `config.access` like every route: the default-deny check covers them), the named schemas they refer to, and its
 * error codes (joined with core's into the error catalogue).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TObject, TSchema } from 'typebox';
import type { CatalogueContribution } from './errors/error-catalogue.ts';

/** One flow's part of the API. */
export interface ApiFlow extends CatalogueContribution {
  /** The flow's name (`orders`): the owner of its codes in the catalogue. */
  name: string;
  /** Admin routes, mounted under /api. */
  routes?: FastifyPluginAsync;
  /** Routes the ERP or Amazon calls, mounted under /inbound (a secret in the path, never logged). */
  inbound?: FastifyPluginAsync;
  /** Shared schemas with an `$id` that the routes refer to with `ref()`: named components of the document. */
  schemas?: readonly TSchema[];
  /** The flow's own conflict actions (beside retry and dismiss): the resolve bodies accept these names. */
  conflictActions?: readonly string[];
}

/** The composed backend settings model's schemas (core's namespaces and each flow's). */
export interface ApiSettingsModel {
  /** The settings as stored and shown (registered as the BackendSettings component). */
  readonly schema: TObject;
  /** What a write carries (checked inline in the backend routes' bodies). */
  readonly patchSchema: TObject;
}
