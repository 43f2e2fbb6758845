// What every browser suite needs: the built web app, a real server serving it, Debian's Chromium
// (never a downloaded browser) with a fresh profile per launch, log-in steps and screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { ensureWebBuilt, ROOT } from '../../scripts/web-build.mjs';
import { totpCode } from '../../server/platform/auth/totp.js';
import { CI, chromiumPath } from '../helpers/env.js';
import { DEMO_PASSWORD, startServer, type Client, type TestServer } from '../helpers/server.js';

export const CHROMIUM = chromiumPath();
if (!CHROMIUM) {
  if (CI) throw new Error('CI=true: the browser suites are required, but Debian chromium was not found (apt-get install chromium fonts-noto-cjk)');
  console.warn('Browser suite skipped: Debian chromium not found (apt-get install chromium fonts-noto-cjk), or set CHROMIUM_PATH.');
}

/** beforeAll may build the web app first (tens of seconds on a slow machine). */
export const SETUP_TIMEOUT = 300_000;

export const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/** Builds dist/ if stale (shared with `npm start`), then starts a real server that serves it. */
export async function startWebServer(): Promise<TestServer> {
  ensureWebBuilt({ log: () => {} });
  return startServer({ webDist: path.join(ROOT, 'dist') });
}

/**
 * Registers the hooks every browser suite needs (built app, real server, fresh Chromium) and
 * returns them; read the fields inside tests, after beforeAll has filled them in.
 */
export function webSuite(): { server: TestServer; browser: Browser } {
  const env = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startWebServer();
    env.browser = await launch();
  }, SETUP_TIMEOUT);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM!,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh context and page. It prefers reduced motion, which the app honours by turning antd's
 * animations off: on a loaded machine a click landing while a modal still zooms in can be lost.
 * `motion: true` keeps the animations (the shell suite walks that path, with `animationDone`).
 */
export async function openPage(browser: Browser, url: string, viewport = DESKTOP, opts: { motion?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Europe/London',
    isMobile: viewport.width < 768,
    hasTouch: viewport.width < 768,
    reducedMotion: opts.motion ? 'no-preference' : 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  return page;
}

export async function fillLogin(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await submitLogin(page);
}

export const submitLogin = (page: Page) => page.locator('form button[type=submit]').click();

/** A code for the next 30-second step: the step used at enrolment cannot be used again. */
export const nextTotp = (secret: string) => totpCode(secret, Date.now() + 30_000);

export async function logInAs(page: Page, username: string, totpSecret?: string) {
  await fillLogin(page, username);
  if (totpSecret) {
    await page.getByLabel('动态口令').fill(nextTotp(totpSecret));
    await submitLogin(page);
  }
  await page.getByTestId('user-menu').waitFor();
}

/** Opens the user menu in the header and chooses an entry once the menu has finished opening. */
export async function chooseInUserMenu(page: Page, entry: string, clickTimeout?: number) {
  await page.getByTestId('user-menu').click();
  await animationDone(page.locator('.ant-dropdown:visible'));
  await page.getByRole('menuitem', { name: entry }).click({ timeout: clickTimeout });
}

export async function logOut(page: Page) {
  await chooseInUserMenu(page, '退出登录');
  await page.getByRole('heading', { name: /登\s*录/ }).waitFor();
}

/**
 * Binds a second factor through the API (for suites about other things); returns the secret and
 * the API client whose session the binding completed.
 */
export async function enrolTotpViaApi(server: TestServer, username: string): Promise<{ secret: string; client: Client }> {
  const c = server.anonymous();
  await c.login(username);
  const start = await c.post('/api/v1/me/totp/start');
  const secret: string = start.body.secret;
  const ok = await c.post('/api/v1/me/totp/confirm', { code: totpCode(secret) });
  if (ok.status !== 200) throw new Error(`totp confirm for ${username}: ${ok.status} ${ok.text}`);
  return { secret, client: c };
}

/**
 * Waits until the page shows no spinner. Not 'networkidle': the notification stream (SSE) keeps a
 * request open for as long as the page lives.
 */
export async function settle(page: Page) {
  await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0);
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300); // antd's enter animations
}

/**
 * Waits until an antd overlay (modal, dropdown) has finished its enter animation: on a loaded
 * machine a click that lands while it is still zooming or sliding in can be lost.
 */
export async function animationDone(overlay: Locator) {
  await overlay.waitFor();
  const moving = (el: Element) => {
    // The element or one of its ancestors (a form inside a modal) is still entering.
    for (let e: Element | null = el; e; e = e.parentElement) {
      if (/(zoom|slide|fade|move|motion)-[\w-]*(appear|enter)/.test(typeof e.className === 'string' ? e.className : '')) return true;
      if (e.getAnimations().some((a) => a.playState === 'running')) return true;
    }
    return false;
  };
  await expect.poll(() => overlay.evaluate(moving), { timeout: 15_000 }).toBe(false);
}

/** Saves a full-page screenshot under test/artifacts/ and checks nothing is wider than the viewport. */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await settle(page);
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name}: the page is wider than the viewport`).toBeLessThanOrEqual(0);
  return file;
}
