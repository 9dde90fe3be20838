import { request as httpRequest } from 'node:http';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A request as a browser would send it, without following redirects. */
function get(baseUrl: string, path: string, accept = 'text/html'): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, { headers: { accept }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('what a newcomer opens first', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('GET / sends the browser to Swagger UI at /docs', async () => {
    expect(await get(t.baseUrl, '/')).toEqual({ status: 302, location: '/docs' });
    expect(await get(t.baseUrl, '/', 'application/ld+json')).toEqual({ status: 302, location: '/docs' });
    expect((await get(t.baseUrl, '/docs')).status).toBe(200);
  });

  it('unknown paths stay 404 problem documents', async () => {
    for (const path of ['/index.html', '/docs/nothing-here', '/api/nothing-here']) {
      const response = await fetch(`${t.baseUrl}${path}`, { redirect: 'manual' });
      expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({
        path,
        status: 404,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
  });
});
