// The built site served on loopback as a static host serves it, at the root or under a path prefix ("/briefing/"):
// a folder's address gives its index.html, and a missing address, however deep, gives 404.html with status 404. For the tests that need HTTP (Lighthouse, the
// header search box over HTTP); the others open the site from file://.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, extname, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
};

async function fileFor(root, pathname) {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const file = join(root, rel);
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    const s = await stat(file);
    return s.isDirectory() ? (await stat(join(file, 'index.html')).then(() => join(file, 'index.html'), () => null)) : file;
  } catch {
    return null;
  }
}

/** Serves `root` at `prefix` on 127.0.0.1, on a free port; resolves to { origin, close }. */
export async function serve(root, prefix = '/') {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    let file = pathname.startsWith(prefix) ? await fileFor(root, pathname.slice(prefix.length)) : null;
    let status = 200;
    if (!file) {
      file = join(root, '404.html');
      status = 404;
    }
    try {
      const body = await readFile(file);
      res.writeHead(status, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
