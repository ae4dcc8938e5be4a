/**
 * Observation names: the `${…}` references a command may use are exactly the names a run records
 * (what a host saw of a sender, what pystun learnt), and the shell finds every `${…}` in a line,
 * well-formed or not, the same way substitute() reads them.
 */
import { describe, expect, it } from 'vitest';
import {
  isPortObservation,
  parseObservation,
  sawKey,
  stunKey,
} from '../../../src/model/observations.ts';
import { references, substitute } from '../../../src/model/shell.ts';

describe('observation names', () => {
  it.each([
    ['server.saw.bob.ip', { kind: 'saw', observer: 'server', sender: 'bob', field: 'ip' }, false],
    [
      'server.saw.bob.port',
      { kind: 'saw', observer: 'server', sender: 'bob', field: 'port' },
      true,
    ],
    [
      's-1.saw.bob-2.port.next',
      { kind: 'saw', observer: 's-1', sender: 'bob-2', field: 'port.next' },
      true,
    ],
    ['alice.stun.ip', { kind: 'stun', host: 'alice', field: 'ip' }, false],
    ['alice.stun.port', { kind: 'stun', host: 'alice', field: 'port' }, true],
  ])('parses %s', (name, parsed, port) => {
    const o = parseObservation(name);
    expect(o).toEqual(parsed);
    expect(isPortObservation(o!)).toBe(port);
  });

  it.each([
    'server.saw.bob',
    'server.saw.bob.mac',
    'server.saw.bob.port.prev',
    'Server.saw.bob.ip',
    'server.sees.bob.ip',
    'alice.stun.port.next',
    'x',
    '',
  ])('knows %j is no observation', (name) => expect(parseObservation(name)).toBeUndefined());

  it('builds the names it parses', () => {
    expect(parseObservation(sawKey('server', 'bob', 'port.next'))).toMatchObject({
      sender: 'bob',
      field: 'port.next',
    });
    expect(parseObservation(stunKey('bob', 'ip'))).toMatchObject({ host: 'bob', field: 'ip' });
  });
});

describe('references in a command line', () => {
  it.each([
    [
      'nc -u ${a.ip} ${a.port}',
      [
        ['${a.ip}', 'a.ip'],
        ['${a.port}', 'a.port'],
      ],
    ],
    ['echo "${server saw}"', [['${server saw}', undefined]]],
    ['nc -u ${a.ip 9', [['${a.ip 9', undefined]]],
    ['echo costs $5 and ${}', [['${}', undefined]]],
    ['echo plain', []],
  ])('finds every ${…} in %j', (line, found) => {
    expect(references(line).map((r) => [r.text, r.name])).toEqual(found);
  });

  it('names exactly what substitute() replaces', () => {
    const line = 'a ${x.ip} b ${y z} c ${w';
    const vars = Object.fromEntries(
      references(line).flatMap((r) => (r.name === undefined ? [] : [[r.name, 'V']])),
    );
    expect(substitute(line, vars)).toBe('a V b ${y z} c ${w');
  });
});
