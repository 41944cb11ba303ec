// Renderer entry: one instance per session (an Electron window or a browser tab).
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createGateway } from './gateway';
import { SESSION_CONTEXT } from './session/context';
import { createSessionRuntime, forwardUncaughtErrors } from './session/runtime';
import { errorMessage } from './session/session-updater';
import { useSessionStore } from './stores/session-store';
import { installWindowView } from './window-url';
import { installTheme } from './theme';
import './styles.css';

const gateway = createGateway();
const pinia = createPinia();
const app = createApp(App);
app.use(pinia);
const store = useSessionStore(pinia);
store.requestTab(new URLSearchParams(location.search).get('tab'));
// Menu actions, shortcuts, kiosk and the tab kept in the URL (restored windows, wall displays).
installWindowView(store);
// Theme (system / light / dark) and this window's UI scale; the View menu's actions call into it.
installTheme();
const context = createSessionRuntime(gateway, store);
forwardUncaughtErrors(context.log);
app.config.errorHandler = (err, _instance, info) => {
  console.error(err);
  const stack = err instanceof Error && err.stack ? `\n${err.stack}` : '';
  context.log('error', `Vue error (${info}): ${errorMessage(err)}${stack}`);
};
app.provide(SESSION_CONTEXT, context);
app.mount('#app');
context.updater.start();
