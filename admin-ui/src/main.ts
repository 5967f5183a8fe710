/** Boots the panel: takes the ERP token out of the URL, then the router and the styles (App.vue starts the session). */
import { createApp } from 'vue';
import App from './App.vue';
import { makeRouter } from './router';
import { captureErpToken } from './session/session';
import './shell/global.css';

captureErpToken();
createApp(App).use(makeRouter()).mount('#app');
