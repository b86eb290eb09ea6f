/**
 * The "5 rõ" pages in Debian's Chromium (playwright-core), against the collector app on a
 * loopback port, on the example org and the default pack: a unit manager assigns a machine's
 * failing rule as a task from the machine page; the assignee marks it done while the rule still
 * fails and reads "reported done, not verified"; an administrator (the default pack's approver)
 * exempts the rule and the machine's result reads "Miễn trừ"; the availability page shows the
 * outage of a synthetic series, and not another unit's. Every change through the browser's forms.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../collector/org-file.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { AccessStore } from '../../collector/access/access-store.js';
import { createAccessControl } from '../../collector/access/access-control.js';
import { openRemediation } from '../../collector/remediation/index.js';
import type { Remediation } from '../../collector/remediation/index.js';
import { openAvailability } from '../../collector/availability/index.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { CollectorConfig } from '../../collector/config.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { READY_LICENSING, READY_SECTIONS, readyReport } from '../helpers/ready-report.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';
import { addUsers, PASSWORD } from '../helpers/access-fixture.js';
import { systemRequirement } from '../helpers/system.js';

const req = systemRequirement({ commands: ['chromium'], install: 'apt-get install chromium' });
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
/** 10:00 in Hải Phòng (UTC+7). */
const NOW = new Date('2025-12-05T03:00:00Z');
const local = (day: string, time: string) => new Date(Date.parse(`${day}T${time}:00+07:00`)).toISOString();

describe.skipIf(!req.ok)('tasks, exceptions and availability in Chromium', () => {
  let browser: Browser;
  let server: ReturnType<typeof serve>;
  let base: string;
  let rem: Remediation;
  let hostId: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const store = new MemoryStore();
    const rules = await loadRuleSet([DEFAULT_PACK_FILE]);
    const readiness = new Readiness({
      store,
      org: await loadOrgFile('examples/org.haiphong.yaml'),
      rules,
      history: null,
      now: () => NOW,
      licensing: READY_LICENSING,
      remediation: () => ({ exceptions: rem.exceptions.all(), tasks: rem.tasks.all() }),
    });
    const access = new AccessStore({ dataDir: null, now: () => NOW });
    rem = openRemediation({ dataDir: null, rules, store, org: readiness, access, jobs: inProcessJobs(readiness), now: () => NOW, log: () => {}, verifyDelayMs: 60_000 });
    const config = CollectorConfig.parse({ dashboard: { cacheSeconds: 0 } });
    const availability = openAvailability({ dataDir: null, rules, agent: config.agent, now: () => NOW });
    const t = makeTestApp({ store, now: () => NOW, ...readinessDeps(readiness), config, access: createAccessControl({ store: access, bootstrapToken: ADMIN_TOKEN }), remediation: rem, availability });
    await addUsers(access, [
      { name: 'root', role: 'admin', unit: null },
      { name: 'mgr.kv1', role: 'unit_manager', unit: 'hp-kv1' },
      { name: 'it.kv1', role: 'viewer', unit: 'hp-kv1' },
    ]);
    // One machine of hp-kv1 whose firewall is off: the rule firewall-on fails.
    const agent = await t.enroll('hp-kv1', null);
    hostId = agent.agentId;
    const report = readyReport(agent.agentId, new Date(NOW.getTime() - 60_000).toISOString(), { security: { ...READY_SECTIONS.security, firewall: [{ profile: 'Domain', enabled: false }] } });
    expect((await t.sendReport(report, agent.agentKey)).status).toBe(201);
    // hp-kv1's WAN was down 45 minutes on 3 December; hp-kv2's for two hours, which hp-kv1's people never see.
    for (const unit of ['hp-kv1', 'hp-kv2']) await availability.series.append(unit, 'wan', { at: local('2025-12-01', '00:00'), state: 'up', machines: 3, targets: [] });
    await availability.series.append('hp-kv1', 'wan', { at: local('2025-12-03', '09:00'), state: 'down', machines: 3, targets: ['172.16.9.1'] });
    await availability.series.append('hp-kv1', 'wan', { at: local('2025-12-03', '09:45'), state: 'up', machines: 3, targets: [] });
    await availability.series.append('hp-kv2', 'wan', { at: local('2025-12-02', '14:00'), state: 'down', machines: 2, targets: ['10.77.0.1'] });
    await availability.series.append('hp-kv2', 'wan', { at: local('2025-12-02', '16:00'), state: 'up', machines: 2, targets: [] });

    server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((ok) => server.once('listening', () => ok()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => server?.close(ok));
    rem?.verifier.close();
  });

  /** A fresh browser profile signed in as `name`. */
  async function as(name: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
    await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
    await page.goto(`${base}/`);
    await page.fill('#name', name);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.click('main button[type=submit]')]);
    return page;
  }

  const firewallRow = (page: Page) => page.locator('#remediation tr[data-rule="firewall-on"]');

  it('lets a unit manager assign a failing rule, and its assignee report it done without closing it', async () => {
    const mgr = await as('mgr.kv1');
    expect(await mgr.locator('nav.main').innerText()).toContain('Việc cần làm');
    await mgr.goto(`${base}/hosts/${hostId}`);
    expect(await firewallRow(mgr).innerText()).toContain('Không đạt');
    await Promise.all([mgr.waitForURL(/\/tasks\/new\?/), firewallRow(mgr).getByRole('link', { name: 'Giao việc' }).click()]);
    await mgr.selectOption('#assignee', 'it.kv1');
    await mgr.fill('#due', '2025-12-20');
    await mgr.fill('#note', 'Bật lại tường lửa Windows');
    await Promise.all([mgr.waitForURL(/\/tasks\/t-[a-z0-9]{10}\?done=1$/), mgr.getByRole('button', { name: 'Giao việc' }).click()]);
    expect(await mgr.locator('main').innerText()).toContain('Chưa thực hiện');
    expect(await mgr.locator('main').innerText()).toContain('it.kv1');
    const [task] = rem.tasks.all();
    expect(task).toMatchObject({ rule: 'firewall-on', assignee: 'it.kv1', due: '2025-12-20', target: { unit: 'hp-kv1', host: hostId }, createdBy: 'mgr.kv1' });

    const it = await as('it.kv1');
    await it.goto(`${base}/tasks`);
    expect(await it.locator(`#mine + .table-wrap tr[data-task="${task!.id}"]`).innerText()).toContain('Tường lửa của máy được bật');
    await Promise.all([it.waitForURL(new RegExp(`/tasks/${task!.id}$`)), it.locator(`#mine + .table-wrap tr[data-task="${task!.id}"] a`).first().click()]);
    // The assignee changes the status and notes, not the assignee or the due day.
    expect(await it.locator('#assignee').count()).toBe(0);
    await it.selectOption('#status', 'done');
    await it.fill('#note', 'Đã bật tường lửa');
    await Promise.all([it.waitForURL(/\?done=1$/), it.getByRole('button', { name: 'Lưu' }).click()]);
    expect(await it.locator('main').innerText()).toContain('Báo đã xong, chưa xác minh');
    expect(await it.locator('main').innerText()).toContain('Đã bật tường lửa');
    await it.screenshot({ path: join(ARTIFACTS, 'dashboard-task-reported-done.png'), fullPage: true });
    expect(rem.tasks.view(rem.tasks.get(task!.id)!)).toMatchObject({ status: 'done', state: 'reported_done', verified: null });
    // A viewer approves no exception: no link to, and no page for it.
    await it.goto(`${base}/hosts/${hostId}`);
    expect(await firewallRow(it).getByRole('link', { name: 'Miễn trừ' }).count()).toBe(0);
    expect((await it.goto(`${base}/exceptions/new?rule=firewall-on&host=${hostId}`))!.status()).toBe(403);
  });

  it("lets an approver exempt the rule, and the machine's result then reads Miễn trừ", async () => {
    const admin = await as('root');
    await admin.goto(`${base}/hosts/${hostId}`);
    await Promise.all([admin.waitForURL(/\/exceptions\/new\?/), firewallRow(admin).getByRole('link', { name: 'Miễn trừ' }).click()]);
    await admin.fill('#reason', 'Máy đo kiểm chuyên dụng, tường lửa do thiết bị ngoài đảm nhiệm');
    await admin.fill('#reference', '125/QĐ-VKS ngày 04/12/2025');
    await admin.fill('#expires', '2025-12-31');
    await Promise.all([admin.waitForURL(/\/exceptions\?unit=hp-kv1&done=1$/), admin.getByRole('button', { name: 'Phê duyệt' }).click()]);
    expect(await admin.locator('main table').innerText()).toContain('Còn hiệu lực');
    expect(await admin.locator('main table').innerText()).toContain('125/QĐ-VKS');
    await admin.goto(`${base}/hosts/${hostId}`);
    expect(await firewallRow(admin).innerText()).toContain('Miễn trừ');
    expect(await admin.locator('#checklist').innerText()).toContain('Miễn trừ');
    await admin.screenshot({ path: join(ARTIFACTS, 'dashboard-host-exempted.png'), fullPage: true });
    expect(rem.exceptions.all()).toMatchObject([{ rule: 'firewall-on', target: { host: hostId }, approvedBy: { name: 'root', role: 'admin' }, expiresOn: '2025-12-31' }]);
  });

  it("shows a unit's outage on the availability page, and nothing of another unit's", async () => {
    const it = await as('it.kv1');
    await it.goto(`${base}/availability`);
    const outage = it.locator(`tr[data-outage="${local('2025-12-03', '09:00')}"]`);
    expect(await outage.innerText()).toContain('45,00');
    expect(await outage.innerText()).toContain('172.16.9.1');
    expect(await outage.innerText()).toContain('03/12/2025 09:00');
    expect(await outage.innerText()).toContain('03/12/2025 09:45');
    expect(await it.locator('tr[data-unit="hp-kv1"][data-scope="wan"]').innerText()).toContain('45,00');
    const text = await it.innerText('main');
    expect(text).not.toContain('10.77.0.1');
    expect(await it.locator('tr[data-unit="hp-kv2"]').count()).toBe(0);
    // The month's document is one click away, for this reader's unit.
    const href = await it.locator('a[data-document="availability"]').getAttribute('href');
    expect(href).toContain('/api/v1/readiness/availability.html?');
    expect(href).toContain('period=month');
    expect((await it.goto(`${base}/availability?unit=hp-kv2`))!.status()).toBe(403);
    await it.goto(`${base}/availability`);
    await it.screenshot({ path: join(ARTIFACTS, 'dashboard-availability.png'), fullPage: true });
    // The refusals asked for on purpose are the only errors a page logged.
    expect(consoleErrors.filter((e) => !/(\/exceptions\/new\?|\/availability\?unit=hp-kv2)[^ ]*: .*status of 403/.test(e))).toEqual([]);
  });
});
