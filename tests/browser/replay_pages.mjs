// Replays pages of a WACZ in ReplayWeb.page (its published ui.js and
// service worker, tests/browser/replaywebpage/) inside Debian's Chromium,
// served from 127.0.0.1 the way a user embeds it, and prints one JSON object
// per page: how many <img> the replayed page has, how many loaded
// (naturalWidth > 0), and every request that left for another host than
// the local server (replay must need none). Saves a screenshot of each.
//
// usage: node replay_pages.mjs ARTIFACT_DIR PACKAGE.wacz URL...
import puppeteer from 'puppeteer-core';
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';

const [artifacts, wacz, ...urls] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const player = path.join(path.dirname(new URL(import.meta.url).pathname), 'replaywebpage');
const files = {
  '/ui.js': [path.join(player, 'ui.js'), 'application/javascript'],
  '/replay/sw.js': [path.join(player, 'sw.js'), 'application/javascript'],
  '/replay/ui.js': [path.join(player, 'ui.js'), 'application/javascript'],  // the player's frame loads it too
  '/package.wacz': [wacz, 'application/wacz'],
};
const embed = (url) => `<!doctype html><meta charset="utf-8"><script src="/ui.js"></script>
<replay-web-page style="display:block;width:1200px;height:900px" source="/package.wacz"
  url="${url}" replayBase="/replay/" embed="replayonly"></replay-web-page>`;
const server = http.createServer((req, res) => {
  const at = new URL(req.url, 'http://127.0.0.1');
  if (at.pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    return res.end(embed(at.searchParams.get('url')));
  }
  const file = files[at.pathname];
  if (!file) {
    res.writeHead(404);
    return res.end();
  }
  // The player reads a package by ranges, as from any static host.
  const size = fs.statSync(file[0]).size;
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
  const start = range ? Number(range[1]) : 0;
  const end = range && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
  const headers = { 'Content-Type': file[1], 'Accept-Ranges': 'bytes', 'Content-Length': end - start + 1 };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(file[0], { start, end }).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  for (const url of urls) {
    const page = await browser.newPage();
    const network = [];
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!e.request.url.startsWith(origin) && !/^(data|blob|about):/.test(e.request.url)) network.push(e.request.url);
    });
    await page.goto(`${origin}/?url=${encodeURIComponent(url)}`, { waitUntil: 'load' });
    // The replayed page is a frame at /replay/w/<coll>/<ts>mp_/<url>.
    let images = null;
    for (const deadline = Date.now() + 60000; Date.now() < deadline;) {
      const frame = page.frames().find((f) => f.url().includes('mp_/' + url));
      if (frame) {
        images = await frame
          .evaluate(() => document.readyState === 'complete'
            ? [...document.images].map((i) => ({ src: i.getAttribute('src'), done: i.complete, width: i.naturalWidth }))
            : null)
          .catch(() => null);
        if (images && images.every((i) => i.done)) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    images = images || [];
    const shot = url.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') + '.png';
    await page.screenshot({ path: path.join(artifacts, shot) });
    console.log(JSON.stringify({
      url, images: images.length, loaded: images.filter((i) => i.width > 0).length,
      broken: images.filter((i) => i.width === 0).map((i) => i.src), network,
    }));
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
