/** The buyer-messages flow as other code may reach it: its declaration and name. */
export { buyerMessagesFlow } from './buyer-messages.flow.ts';
export { BUYER_MESSAGES_FLOW } from './buyer-messages.payloads.ts';
