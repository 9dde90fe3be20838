import { isAcceptable, mediaTypeOf } from './media-types.js';

describe('content negotiation', () => {
  it.each([
    undefined,
    '',
    '*/*',
    'application/ld+json',
    'application/json',
    'application/*',
    'text/html, application/json;q=0.5',
  ])('accepts Accept: %p', (accept) => expect(isAcceptable(accept)).toBe(true));

  it.each(['text/html', 'application/xml', 'application/json;q=0', 'image/png, text/plain'])(
    'refuses Accept: %p',
    (accept) => expect(isAcceptable(accept)).toBe(false),
  );

  it('reads the media type without parameters, case-insensitively', () => {
    expect(mediaTypeOf('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaTypeOf(undefined)).toBeUndefined();
  });
});
