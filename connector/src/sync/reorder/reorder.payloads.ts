/** The reorder flow's name (task prefix, settings namespace, go-live key). */
export const REORDER_FLOW = 'reorder';
