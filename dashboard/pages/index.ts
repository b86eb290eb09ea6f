/**
 * Every page of the dashboard and every form, in one list each: a route is made for each
 * (dashboard/routes.ts), with its authorization line, and the authorization matrix
 * (test/routes/dashboard-matrix.ts) holds a row for each. Adding a page: write its file
 * (`definePage({...})`), add it here, add its rows (docs/dashboard.md).
 */
import type { DashboardForm, DashboardPage } from '../page.js';
import { adminPage, auditPage } from './admin.js';
import { moveForm, movePage } from './admin-move.js';
import { retireForm, retirePage } from './admin-retire.js';
import { createSecretForm, revokeSecretForm, secretsPage } from './admin-secrets.js';
import { createTokenForm, revokeTokenForm, tokensPage } from './admin-tokens.js';
import { addUserForm, changeUserForm, userPage, userPasswordForm, usersPage, userStateForm } from './admin-users.js';
import { documentsPage } from './documents.js';
import { hostPage } from './host.js';
import { hostsPage } from './hosts.js';
import { overviewPage } from './overview.js';
import { acceptForm, verdictForm } from './scan-form.js';
import { scanImportForm, scanImportPage } from './scan-import.js';
import { scanQueuePage } from './scan-queue.js';
import { signInForm, signInPage, signOutForm } from './sign-in.js';
import { unitPage } from './unit.js';
import { newTaskForm, newTaskPage, taskChangeForm, taskPage, tasksPage } from './tasks.js';
import { exceptionsPage, newExceptionForm, newExceptionPage, revokeExceptionForm } from './exceptions.js';
import { availabilityPage } from './availability.js';

export const PAGES: ReadonlyArray<DashboardPage<unknown>> = [
  signInPage,
  overviewPage,
  unitPage,
  hostsPage,
  hostPage,
  scanQueuePage,
  scanImportPage,
  documentsPage,
  adminPage,
  usersPage,
  userPage,
  tokensPage,
  secretsPage,
  movePage,
  retirePage,
  auditPage,
  // The "5 rõ" (issue 20): tasks, exceptions, LAN/WAN availability.
  tasksPage,
  newTaskPage,
  taskPage,
  exceptionsPage,
  newExceptionPage,
  availabilityPage,
];

export const FORMS: readonly DashboardForm[] = [
  signInForm,
  signOutForm,
  addUserForm,
  changeUserForm,
  userStateForm,
  userPasswordForm,
  createTokenForm,
  revokeTokenForm,
  createSecretForm,
  revokeSecretForm,
  moveForm,
  retireForm,
  verdictForm,
  acceptForm,
  scanImportForm,
  newTaskForm,
  taskChangeForm,
  newExceptionForm,
  revokeExceptionForm,
];
