// Builds the front-end into OUT (default ../build/web): fingerprinted CSS/JS/fonts under
// assets/, a manifest.json the server reads, and .gz/.br variants of text files.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, relative, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || process.env.OUT || join(here, '..', 'build', 'web'));
const assets = join(out, 'assets');
rmSync(assets, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: join(here, 'src', 'app.css'), 'app-js': join(here, 'src', 'app.js') },
  outdir: assets,
  bundle: true,
  minify: true,
  sourcemap: false,
  metafile: true,
  format: 'iife',
  target: ['es2019'],
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  publicPath: '/assets',
  nodePaths: [join(here, 'node_modules')],
  loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
  logLevel: 'warning',
});

const manifest = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  const url = '/' + relative(out, resolve(file)).split('\\').join('/');
  manifest[file.endsWith('.css') ? 'app.css' : 'app.js'] = url;
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

// A small logo of our own for the browser tab.
writeFileSync(join(out, 'favicon.svg'),
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0066cc"/>' +
  '<path d="M7 24V13l5-4 5 4v11zM19 24V8h6v16z" fill="#fff"/></svg>\n');
writeFileSync(join(out, 'robots.txt'), 'User-agent: *\nDisallow: /admin\nDisallow: /profile\n');

let total = 0;
for (const name of readdirSync(assets)) {
  const path = join(assets, name);
  const data = readFileSync(path);
  total += statSync(path).size;
  if (['.css', '.js', '.svg', '.json'].includes(extname(name))) {
    writeFileSync(path + '.gz', gzipSync(data, { level: 9 }));
    writeFileSync(path + '.br', brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}
const hash = createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 8);
console.log(`assets: ${Object.keys(manifest).length} entries, ${(total / 1024).toFixed(0)} KiB in ${relative(process.cwd(), out) || '.'} (${hash})`);
