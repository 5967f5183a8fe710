/** Boots the panel: the router, the global styles, then the session (App.vue shows login or the shell). */
import { createApp } from 'vue';
import App from './App.vue';
import { makeRouter } from './router';
import './shell/global.css';

const router = makeRouter();
const app = createApp(App).use(router);
// Mount once the router's first navigation is done: that navigation rewrites the address (replaceState) with the
// URL it read at start, so the session's removal of `#erp_token=` from the address must come after it, or the ERP
// token comes back into the address bar (found by the end-to-end run).
void router.isReady().then(() => app.mount('#app'));
