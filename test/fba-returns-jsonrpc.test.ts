/** FBA returns into the pools with the ERP over JSON-RPC: the suite in support/fba-returns-suite.ts (what it checks is written there). */
import { fbaReturnsSuite } from './support/fba-returns-suite.ts';

fbaReturnsSuite('jsonrpc');
