/** Boots the panel: the router, the global styles, then the session (App.vue shows login or the shell). */
import { createApp } from 'vue';
import App from './App.vue';
import { makeRouter } from './router';
import './shell/global.css';

createApp(App).use(makeRouter()).mount('#app');
