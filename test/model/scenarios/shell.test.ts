import { describe, expect, it } from 'vitest';
import { parseNetcat } from '../../../src/model/apps/netcat.ts';
import { parseCommandLine, splitWords, substitute } from '../../../src/model/shell.ts';

describe('the terminal shell', () => {
  it.each([
    ['nc -lu 9000', ['nc', '-lu', '9000']],
    ['echo "upd hole"', ['echo', 'upd hole']],
    ['echo \'a "b"\' c', ['echo', 'a "b"', 'c']],
    ['a\\ b  c', ['a b', 'c']],
    ['echo ""', ['echo', '']],
  ])('splits %s', (line, words) => expect(splitWords(line)).toEqual(words));

  it('turns echo TEXT | program into stdin with echo’s newline', () => {
    expect(parseCommandLine('echo "soy Bob" | nc -p 58888 -u 82.230.120.113 53333')).toEqual({
      kind: 'run',
      argv: ['nc', '-p', '58888', '-u', '82.230.120.113', '53333'],
      stdin: 'soy Bob\n',
    });
    expect(parseCommandLine('echo -n x | nc -u 1.2.3.4 5')).toMatchObject({ stdin: 'x' });
    expect(parseCommandLine('^C')).toEqual({ kind: 'interrupt' });
  });

  it.each([
    ['', /empty command/],
    ['cat x | nc -u 1.2.3.4 5', /only "echo TEXT \| program" pipes/],
    ['echo a | b | c', /only one pipe/],
    ['echo a |', /nothing after the pipe/],
  ])('rejects %j', (line, message) => expect(() => parseCommandLine(line)).toThrow(message));

  it('substitutes ${names} and names the unknown ones', () => {
    expect(substitute('nc -u ${a.ip} ${a.port}', { 'a.ip': '1.2.3.4', 'a.port': '5' })).toBe(
      'nc -u 1.2.3.4 5',
    );
    expect(() => substitute('${x}', { y: '1' })).toThrow('unknown variable ${x} (known: y)');
  });
});

describe('nc options', () => {
  it.each([
    ['nc -lu 9000', { listen: true, keep: false, sourcePort: 9000 }],
    ['nc -klu 53333', { listen: true, keep: true, sourcePort: 53333 }],
    ['nc -l -u -p 9000', { listen: true, sourcePort: 9000 }],
    [
      'nc -p 58888 -u 54.93.249.162 9000',
      { listen: false, sourcePort: 58888, host: '54.93.249.162', port: 9000 },
    ],
    ['nc -up58888 1.2.3.4 9', { sourcePort: 58888 }],
    ['nc -u -s 10.0.0.1 1.2.3.4 9', { sourceIp: '10.0.0.1' }],
  ])('parses %s', (line, expected) =>
    expect(parseNetcat(splitWords(line))).toMatchObject(expected),
  );

  it.each([
    ['nc -ku 1.2.3.4 9', /must use -l with -k/],
    ['nc -lu', /-l needs a port/],
    ['nc -u 1.2.3.4', /missing destination and port/],
    ['nc -u -p x 1.2.3.4 9', /source port "x" is not a port number/],
    ['nc -u -s nope 1.2.3.4 9', /invalid source address "nope"/],
  ])('rejects %s like nc, with usage', (line, message) => {
    expect(() => parseNetcat(splitWords(line))).toThrow(message);
    expect(() => parseNetcat(splitWords(line))).toThrow(/usage: nc /);
  });
});
