import { describe, expect, it } from 'vitest';
import { parseEndpoint } from '../src/model/endpoint.ts';
describe('smoke', () => {
  it('parses', () => expect(parseEndpoint('1.2.3.4:5')).toEqual({ ip: '1.2.3.4', port: 5 }));
});
