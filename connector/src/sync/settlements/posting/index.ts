/** The settlement posting (issue 16, "Posting to the ERP") as the settlements flow and tests reach it. */
export { postSettlement, type PostingOutcome, type PostingHooks } from './post-settlement.ts';
export { ensurePostingSetup } from './posting-setup.ts';
export { duePostings, queuePosting } from './posting-queue.ts';
export { postingOf } from './posting-state.ts';
export { POST_TASK, PostPayload } from './posting.payloads.ts';
export { postingApiRoutes, postingApiSchemas } from './posting.api.ts';
export { postingErrorList } from './posting.errors.ts';
