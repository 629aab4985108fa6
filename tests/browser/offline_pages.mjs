// Opens pages restore wrote in Debian's Chromium, from file://, and prints
// one JSON object per page: how many <img> there are and how many loaded
// (naturalWidth > 0), every request that was not a local file, whether a
// network picture added afterwards was blocked by the page's policy, and,
// for a collection index, whether its search box and sorting work. Saves a
// screenshot of each page.
//
// usage: node offline_pages.mjs ARTIFACT_DIR PAGE.html...
import puppeteer from 'puppeteer-core';
import path from 'node:path';
import fs from 'node:fs';

const [artifacts, ...pages] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  for (const file of pages) {
    const page = await browser.newPage();
    // Every request for something not on disk, and those of them the
    // policy stopped before they left the browser (DevTools protocol: a
    // failure with blockedReason "csp").
    const network = [], stopped = new Set(), urls = new Map();
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (e) => {
      urls.set(e.requestId, e.request.url);
      if (!e.request.url.startsWith('file:') && !e.request.url.startsWith('data:')) network.push(e.request.url);
    });
    cdp.on('Network.loadingFailed', (e) => {
      if (e.blockedReason === 'csp') stopped.add(urls.get(e.requestId));
    });
    const violations = [];
    page.on('console', (message) => {
      if (/Content Security Policy/.test(message.text())) violations.push(message.text());
    });
    const url = 'file://' + path.resolve(file);
    await page.goto(url, { waitUntil: 'load' });
    const images = await page.$$eval('img', (all) => all.map((img) => ({ src: img.getAttribute('src'), width: img.naturalWidth })));
    const shot = path.basename(path.dirname(file)) + '-' + path.basename(file, '.html') + '.png';
    await page.screenshot({ path: path.join(artifacts, shot), fullPage: true });
    await new Promise((resolve) => setTimeout(resolve, 200));  // failures are reported after load
    const requests = network.filter((u) => !stopped.has(u));
    const seen = network.length, stoppedAtLoad = [...stopped];
    // The policy, not only the page's own cleanliness: a picture from the
    // network added now must not be fetched.
    const blocked = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
      const img = document.createElement('img');
      img.src = 'http://network.invalid/probe.png';
      document.body.appendChild(img);
      setTimeout(() => resolve(''), 2000);
    }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const result = {
      page: file, images: images.length, loaded: images.filter((i) => i.width > 0).length,
      broken: images.filter((i) => i.width === 0).map((i) => i.src), network: requests, blocked,
      probe_sent: network.slice(seen).some((u) => !stopped.has(u)),
      stopped_by_policy: stoppedAtLoad, screenshot: shot,
      pwned: await page.evaluate(() => Boolean(window.pwned)),
    };
    if (await page.$('#q')) {
      const rows = async () => page.$$eval('#t tbody tr', (all) => all.filter((r) => !r.hidden).length);
      result.rows = await rows();
      const title = await page.$eval('#t tbody tr td a', (a) => a.textContent);
      await page.type('#q', title.slice(0, Math.min(6, title.length)));
      result.rows_after_search = await rows();
      await page.$eval('#q', (q) => { q.value = ''; q.dispatchEvent(new Event('input')); });
      await page.click('#t thead th:nth-child(2)');  // by date, ascending
      result.dates = await page.$$eval('#t tbody tr td:nth-child(2)', (all) => all.map((td) => td.textContent));
    }
    result.csp_messages = violations.length;
    console.log(JSON.stringify(result));
    await page.close();
  }
} finally {
  await browser.close();
}
