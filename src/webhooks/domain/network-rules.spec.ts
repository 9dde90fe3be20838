import { isPublicAddress, urlProblem } from './network-rules.js';

describe('webhook network rules (SSRF)', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::10.0.0.1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('wants https and a public host, unless private networks are allowed', () => {
    expect(urlProblem('https://hooks.example.com/in', false)).toBeUndefined();
    expect(urlProblem('http://hooks.example.com/in', false)).toMatch(/https/);
    expect(urlProblem('https://127.0.0.1/in', false)).toMatch(/loopback/);
    expect(urlProblem('https://[::1]:8443/in', false)).toMatch(/loopback/);
    expect(urlProblem('https://localhost/in', false)).toMatch(/loopback/);
    expect(urlProblem('https://169.254.169.254/latest/meta-data', false)).toMatch(/link-local/);
    expect(urlProblem('https://user:pw@hooks.example.com/', false)).toMatch(/credentials/);
    expect(urlProblem('ftp://hooks.example.com/', false)).toMatch(/https/);
    expect(urlProblem('not a url', false)).toMatch(/valid URL/);
    expect(urlProblem('http://127.0.0.1:9999/in', true)).toBeUndefined();
  });
});
