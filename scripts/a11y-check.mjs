#!/usr/bin/env node
// a11y-check.mjs — accessibility check (axe-core in headless Chromium) of a built Galley site.
//
// A manual check, not part of CI. It serves SITE_DIR on a loopback port (python3 -m http.server
// --bind 127.0.0.1), opens a list of pages in Debian's Chromium through playwright-core, injects
// axe-core into each, prints every violation (impact, rule id, offending HTML), and exits 1 when any
// violation is serious or critical (2 on a setup error or a page that does not load). With
// --screenshots DIR it also saves the home page and the article page at phone (390x844) and desktop
// (1280x900) widths as DIR/<page>-<width>.png, to look at by eye.
//
// Pages checked (pass --pages to replace them): the home page, /archive/, /tags/, /page/1/,
// /search/?q=harbour, the first tag linked from /tags/, the first author linked from /authors/, and an
// article with an image
// (/2026/06/13/harbour-regatta/ in the sample archive, else the newest article whose main content has
// an <img> other than an author photo).
//
// Setup (once; nothing goes into the repository — the packages live outside it):
//   apt-get update && apt-get install -y chromium
//   mkdir -p /tmp/a11y && cd /tmp/a11y && npm init -y && npm install --ignore-scripts axe-core playwright-core
//   (never `npx playwright install`: it downloads a browser, which fails here)
//
// Run:
//   mvn -q -DskipTests package && java -jar target/galley.jar build --now 2026-11-26T12:00:00Z
//   node scripts/a11y-check.mjs site --screenshots /tmp/a11y
//   node scripts/a11y-check.mjs /tmp/c200/site --pages /,/tags/,/page/2/
// Options:
//   --modules DIR      where axe-core and playwright-core are installed (default: $A11Y_MODULES,
//                      else /tmp/a11y, else resolved from this script's folder)
//   --chromium PATH    the browser (default /usr/bin/chromium)
//   --screenshots DIR  also take the screenshots described above
//   --pages a,b,c      site paths to check instead of the default list
//   --json FILE        also write all results as JSON
//   --all-rules        also run axe's AAA and experimental rules (default: axe's default rule set,
//                      i.e. WCAG 2.x A/AA plus best practices); they count toward the exit code too

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function usage(message) {
  if (message) console.error(`a11y-check: ${message}`);
  console.error('usage: node scripts/a11y-check.mjs SITE_DIR [--screenshots DIR] [--pages /,/tags/] [--modules DIR] [--chromium PATH] [--json FILE] [--all-rules]');
  process.exit(2);
}

// ---- arguments ----
const args = process.argv.slice(2);
const opts = { modules: process.env.A11Y_MODULES, chromium: '/usr/bin/chromium' };
let siteDir;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => (i + 1 < args.length ? args[++i] : usage(`${a} needs a value`));
  if (a === '--screenshots') opts.screenshots = value();
  else if (a === '--pages') opts.pages = value().split(',').map((s) => s.trim()).filter(Boolean);
  else if (a === '--modules') opts.modules = value();
  else if (a === '--chromium') opts.chromium = value();
  else if (a === '--json') opts.json = value();
  else if (a === '--all-rules') opts.allRules = true;
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else if (!siteDir) siteDir = a;
  else usage(`unexpected argument ${a}`);
}
if (!siteDir) usage('missing SITE_DIR');
siteDir = path.resolve(siteDir);
if (!existsSync(path.join(siteDir, 'index.html'))) usage(`${siteDir} has no index.html: build the site first`);
if (!existsSync(opts.chromium)) usage(`no browser at ${opts.chromium} (apt-get install -y chromium)`);

// ---- modules (installed outside the repository) ----
function loadModules() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [opts.modules, '/tmp/a11y', here].filter(Boolean);
  for (const dir of candidates) {
    const req = createRequire(path.join(path.resolve(dir), 'package.json'));
    try {
      const axePath = req.resolve('axe-core/axe.min.js');
      const playwright = req('playwright-core');
      return { axeSource: readFileSync(axePath, 'utf8'), axeVersion: req('axe-core/package.json').version, chromium: playwright.chromium };
    } catch {
      // try the next folder
    }
  }
  usage(`axe-core and playwright-core not found in ${candidates.join(', ')} (see the setup in this file's header)`);
}
const { axeSource, axeVersion, chromium } = loadModules();

// ---- a loopback static server ----
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer(dir) {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir],
    { stdio: ['ignore', 'ignore', 'ignore'], detached: true });
  // Its own process group, so that stopping it also stops python when `python3` is a wrapper (pyenv).
  const stop = () => { try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ } };
  process.on('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`python3 http.server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/`);
      if (r.ok) return { base, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error('python3 http.server did not start within 10 s');
}

// ---- which pages ----
function firstLinkUnder(html, prefix) {
  // The first href below PREFIX that is not PREFIX itself, e.g. /tags/harbour/ from /tags/.
  for (const m of html.matchAll(/href="([^"#?]+)"/g)) {
    const p = new URL(m[1], 'http://x').pathname;
    if (p.startsWith(prefix) && p !== prefix) return p;
  }
  return null;
}

function fileFor(p) {
  const f = path.join(siteDir, decodeURIComponent(p));
  return f.endsWith('/') || (existsSync(f) && statSync(f).isDirectory()) ? path.join(f, 'index.html') : f;
}

function read(p) {
  const f = fileFor(p);
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
}

// The newest dated article (/YYYY/MM/DD/slug/) with an image in its content (not just an author photo).
function newestArticleWithImage() {
  const dirs = (d, re) => (existsSync(d) ? readdirSync(d).filter((n) => re.test(n)).sort().reverse() : []);
  for (const y of dirs(siteDir, /^\d{4}$/)) {
    for (const m of dirs(path.join(siteDir, y), /^\d{2}$/)) {
      for (const d of dirs(path.join(siteDir, y, m), /^\d{2}$/)) {
        for (const slug of dirs(path.join(siteDir, y, m, d), /^[^.]/)) {
          const p = `/${y}/${m}/${d}/${slug}/`;
          const main = read(p).split(/<main\b/)[1] ?? '';
          if ([...main.matchAll(/<img\b[^>]*>/g)].some((img) => !/author-photo/.test(img[0]))) return p;
        }
      }
    }
  }
  return null;
}

function defaultPages() {
  const pages = [{ name: 'home', path: '/' }];
  let article = '/2026/06/13/harbour-regatta/';
  if (!existsSync(fileFor(article))) article = newestArticleWithImage();
  if (article) pages.push({ name: 'article', path: article });
  const tag = firstLinkUnder(read('/tags/'), '/tags/');
  if (tag) pages.push({ name: 'tag', path: tag });
  const author = firstLinkUnder(read('/authors/'), '/authors/');
  if (author) pages.push({ name: 'author', path: author });
  pages.push({ name: 'tags-index', path: '/tags/' }, { name: 'archive-index', path: '/archive/' }, { name: 'page-1', path: '/page/1/' },
    { name: 'search', path: '/search/?q=harbour' });
  return pages;
}

const pages = opts.pages
  ? opts.pages.map((p) => ({ name: p.replace(/^\/|\/$/g, '').replace(/\//g, '-') || 'home', path: p }))
  : defaultPages();

// ---- run ----
const IMPACT_ORDER = { critical: 0, serious: 1, moderate: 2, minor: 3 };
const clip = (s, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

let server;
let browser;
let exitCode = 0;
const results = [];
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => process.exit(130)); // the 'exit' handler stops the server
}
try {
  server = await startServer(siteDir);
  browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    // No --user-data-dir: Playwright refuses it in launch() and gives every launch a fresh temporary profile.
  });
  console.log(`a11y-check: ${siteDir} served at ${server.base}; ${browser.version()}; axe-core ${axeVersion}\n`);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Only the loopback site: anything else (fonts, analytics) is blocked and reported.
  const external = new Set();
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(server.base) || u.startsWith('data:')) return route.continue();
    external.add(u);
    return route.abort();
  });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  let serious = 0;
  for (const p of pages) {
    consoleErrors.length = 0;
    const response = await page.goto(server.base + p.path, { waitUntil: 'load' });
    if (!response || response.status() >= 400) {
      console.log(`✗ ${p.name} ${p.path}: HTTP ${response ? response.status() : 'no response'}`);
      exitCode = 2;
      continue;
    }
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate((allRules) => window.axe.run(document, {
      resultTypes: ['violations', 'incomplete'],
      ...(allRules ? { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag2aaa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'experimental'] } } : {}),
    }), Boolean(opts.allRules));
    const violations = axe.violations.sort((a, b) => IMPACT_ORDER[a.impact] - IMPACT_ORDER[b.impact]);
    const nodes = violations.reduce((n, v) => n + v.nodes.length, 0);
    console.log(`${violations.length ? '✗' : '✓'} ${p.name} ${p.path}: ${violations.length} violations (${nodes} elements)` +
      (axe.incomplete.length ? `; needs review: ${axe.incomplete.map((v) => `${v.id}×${v.nodes.length}`).join(', ')}` : ''));
    for (const v of violations) {
      if (v.impact === 'serious' || v.impact === 'critical') serious++;
      console.log(`  [${v.impact}] ${v.id}: ${v.help}  (${v.helpUrl.replace(/\?.*/, '')})`);
      for (const n of v.nodes) {
        console.log(`    ${n.target.join(' ')}\n      ${clip(n.html.replace(/\s+/g, ' '))}`);
        const why = (n.any.length ? n.any : n.all.concat(n.none)).map((c) => c.message).filter(Boolean);
        if (why.length) console.log(`      → ${clip(why.join(' / '), 400)}`);
      }
    }
    for (const e of consoleErrors) console.log(`  console error: ${clip(e)}`);
    results.push({ page: p, url: page.url(), violations, incomplete: axe.incomplete, consoleErrors: [...consoleErrors] });
  }
  if (external.size) console.log(`\nblocked requests to other hosts: ${[...external].join(', ')}`);

  if (opts.screenshots) {
    mkdirSync(opts.screenshots, { recursive: true });
    const shots = pages.filter((p) => p.name === 'home' || p.name === 'article');
    for (const size of [{ width: 390, height: 844, mobile: true }, { width: 1280, height: 900, mobile: false }]) {
      const ctx = await browser.newContext({ viewport: { width: size.width, height: size.height },
        deviceScaleFactor: 1, isMobile: size.mobile, hasTouch: size.mobile });
      const pg = await ctx.newPage();
      for (const p of shots) {
        await pg.goto(server.base + p.path, { waitUntil: 'load' });
        const file = path.join(opts.screenshots, `${p.name}-${size.width}.png`);
        await pg.screenshot({ path: file, fullPage: true });
        const overflow = await pg.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        console.log(`screenshot ${file}${overflow > 0 ? `  (page is ${overflow}px wider than the viewport: horizontal scrolling)` : ''}`);
      }
      await ctx.close();
    }
  }

  if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2));
  console.log(`\n${pages.length} pages, ${results.reduce((n, r) => n + r.violations.length, 0)} violations, ${serious} serious or critical`);
  if (serious > 0 && exitCode === 0) exitCode = 1;
} catch (e) {
  console.error(`a11y-check: ${e.stack || e}`);
  exitCode = 2;
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.stop();
}
process.exit(exitCode);
