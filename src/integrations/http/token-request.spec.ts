import { readTokenRequest } from './token-request.js';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const form = (body: string) => new URLSearchParams(body);
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'no error';
};

describe('readTokenRequest (RFC 6749 sections 2.3 and 4.4)', () => {
  it('reads client_secret_basic, decoding form-encoded credentials', () => {
    const request = readTokenRequest(form('grant_type=client_credentials&scope=a'), basic('id:1 é', 'se:cr et+'));
    expect(request).toEqual({
      grantType: 'client_credentials',
      clientId: 'id:1 é',
      clientSecret: 'se:cr et+',
      scope: 'a',
      usedBasic: true,
    });
  });

  it('reads client_secret_post', () => {
    const request = readTokenRequest(form('grant_type=client_credentials&client_id=a&client_secret=b'), undefined);
    expect(request).toMatchObject({ clientId: 'a', clientSecret: 'b', usedBasic: false, scope: undefined });
  });

  it.each([
    ['no form body', undefined, basic('a', 'b'), 'invalid_request'],
    ['a repeated parameter', form('grant_type=x&scope=a&scope=b'), basic('a', 'b'), 'invalid_request'],
    ['no grant_type', form('scope=a'), basic('a', 'b'), 'invalid_request'],
    ['Basic and client_secret', form('grant_type=x&client_secret=b'), basic('a', 'b'), 'invalid_request'],
    ['a client_id other than Basic', form('grant_type=x&client_id=c'), basic('a', 'b'), 'invalid_request'],
    ['no credentials', form('grant_type=x'), undefined, 'invalid_client'],
    ['no secret', form('grant_type=x&client_id=a'), undefined, 'invalid_client'],
    ['Basic without colon', form('grant_type=x'), `Basic ${Buffer.from('ab').toString('base64')}`, 'invalid_client'],
    ['Basic not base64', form('grant_type=x'), 'Basic %%%', 'invalid_client'],
    [
      'Basic with bad escapes',
      form('grant_type=x'),
      `Basic ${Buffer.from('%zz:b').toString('base64')}`,
      'invalid_client',
    ],
    ['another scheme', form('grant_type=x'), 'Bearer abc', 'invalid_client'],
  ])('refuses %s', (_name, body, authorization, code) => {
    expect(codeOf(() => readTokenRequest(body, authorization))).toBe(code);
  });
});
