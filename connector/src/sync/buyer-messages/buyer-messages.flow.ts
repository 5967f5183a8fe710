/**
 * Messages a seller may send an Amazon buyer (Messaging, issue 15): no background work, only routes a person uses
 * from the order's page in the panel: the types Amazon allows for the order now, and one message sent, recorded in
 * the connector and on the ERP sales order's chatter. Off by default (a go-live switch per backend): it writes to
 * the seller's buyers.
 */
import { defineFlow } from '../frame/flow.ts';
import { buyerMessagesApiRoutes, buyerMessagesApiSchemas } from './buyer-messages.api.ts';
import { buyerMessageErrorList } from './buyer-messages.errors.ts';
import { BUYER_MESSAGES_FLOW } from './buyer-messages.payloads.ts';
import { countMessages } from './message-counts.ts';

export const buyerMessagesFlow = defineFlow({
  name: BUYER_MESSAGES_FLOW,
  goLive: { enabledByDefault: false },
  description: 'Messages to Amazon buyers of the types Amazon allows per order, sent from the panel and noted on the ERP order',
  tasks: [],
  errorCodes: buyerMessageErrorList,
  status: { counts: countMessages },
  apiRoutes: (env) => buyerMessagesApiRoutes(env),
  apiSchemas: buyerMessagesApiSchemas,
  demo: { describe: 'buyer-messages: the message types Amazon allows per order, sent from the order page, noted on the ERP order' },
});
