/** The router: one route per registered screen, titled from it; unknown paths go to the first screen. */
import { createRouter, createWebHistory, createMemoryHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router';
import { screens } from '@/screens';

export const PRODUCT = 'Amazon connector';

export function routesOf(list = screens): RouteRecordRaw[] {
  const routes: RouteRecordRaw[] = list.map((s) => ({
    name: s.name,
    path: s.path,
    component: s.component,
    meta: { title: s.title, needsBackend: s.needsBackend ?? false },
  }));
  routes.push({ path: '/:rest(.*)*', redirect: list[0]?.path ?? '/' });
  return routes;
}

export function makeRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({ history, routes: routesOf() });
  router.afterEach((to) => {
    const title = typeof to.meta.title === 'string' ? to.meta.title : undefined;
    document.title = title ? `${title} · ${PRODUCT}` : PRODUCT;
  });
  return router;
}

/** For component tests: a router on memory history. */
export const makeTestRouter = () => makeRouter(createMemoryHistory());
