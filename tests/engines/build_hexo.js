// Runs `hexo generate` on a site, with the Hexo and plugins installed beside
// this script (package.json): the engine's own rendering of restored posts.
//
// usage: node build_hexo.js SITE_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const Hexo = require('hexo');

async function main() {
  const site = path.resolve(process.argv[2]);
  // Hexo loads the plugins its site's package.json names from the site's node_modules.
  const modules = path.join(site, 'node_modules');
  if (!fs.existsSync(modules)) fs.symlinkSync(path.join(__dirname, 'node_modules'), modules);
  const own = require('./package.json');
  fs.writeFileSync(path.join(site, 'package.json'),
    JSON.stringify({ name: 'site', hexo: { version: require('hexo/package.json').version }, dependencies: own.dependencies }));
  const hexo = new Hexo(site, { silent: true });
  await hexo.init();
  await hexo.call('generate', {});
  await hexo.exit();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
