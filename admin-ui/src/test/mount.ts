/**
 * Mounts a screen (or any component) the way the shell shows it: naive-ui's providers around it and a memory
 * router on `path`, so route-query filters, `useMessage` and links work in component tests.
 */
import { defineComponent, h, type Component } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { NDialogProvider, NMessageProvider } from 'naive-ui';
import { makeTestRouter } from '@/router';

export async function mountScreen(component: Component, options: { path?: string; props?: Record<string, unknown> } = {}) {
  const router = makeTestRouter();
  await router.push(options.path ?? '/');
  await router.isReady();
  const Host = defineComponent({
    setup: () => () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(component, options.props ?? {}))),
  });
  const wrapper = mount(Host, { global: { plugins: [router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}
