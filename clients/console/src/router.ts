// The console's screens. Each is loaded when first opened, so the sign-in
// screen's JavaScript stays small.
import { createRouter, createWebHistory } from 'vue-router';
import { loadSession, signedIn } from './session';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/inbox' },
    { path: '/login', component: () => import('./views/LoginPage.vue'), meta: { title: '登录', open: true } },
    { path: '/inbox', component: () => import('./views/InboxPage.vue'), meta: { title: '我的待办' } },
    { path: '/reviews/:id', component: () => import('./views/ReviewPage.vue'), meta: { title: '审校' } },
    { path: '/reports', component: () => import('./views/ReportsPage.vue'), meta: { title: '起草' } },
    { path: '/reports/:id', component: () => import('./views/ReportPage.vue'), meta: { title: '报告' } },
    {
      path: '/reports/:id/sections/:key',
      component: () => import('./views/SectionPage.vue'),
      meta: { title: '编辑章节' },
    },
    { path: '/publications', component: () => import('./views/PublishPage.vue'), meta: { title: '发布' } },
    { path: '/audit', component: () => import('./views/AuditPage.vue'), meta: { title: '审计' } },
    { path: '/notifications', component: () => import('./views/NotificationsPage.vue'), meta: { title: '通知' } },
    { path: '/admin', component: () => import('./views/AdminPage.vue'), meta: { title: '管理' } },
    {
      path: '/settings/notifications',
      component: () => import('./views/SettingsPage.vue'),
      meta: { title: '通知设置' },
    },
    { path: '/region', component: () => import('./views/RegionPage.vue'), meta: { title: '财政监督' } },
    { path: '/act/:token', component: () => import('./views/ActionLinkPage.vue'), meta: { title: '一键签署' } },
    { path: '/:rest(.*)*', component: () => import('./views/NotFoundPage.vue'), meta: { title: '页面不存在' } },
  ],
});

router.beforeEach(async (to) => {
  if (!signedIn.loaded) await loadSession();
  if (!to.meta.open && !signedIn.info) return { path: '/login', query: { next: to.fullPath } };
  return true;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} - ReportFlow 审批工作台`;
});
