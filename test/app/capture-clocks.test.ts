/**
 * The capture summary's clock sentences, in both languages, on the walkthrough's real capture
 * given as three machines (Alice's clock 3.2 s behind, Bob's 0.75 s ahead), kept or corrected,
 * on the class run as recorded (clocks that agree, datagrams one way), and with a machine that
 * shares nothing with the Server. The numbers are the ones `agujero capture merge` prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockSentences, clockSpan } from '../../src/app/capture-clocks.ts';
import { importCapture } from '../../src/app/capture-import.ts';
import { shiftCapture } from '../../src/capture/clock-offset.ts';
import type { CapturedFrame } from '../../src/capture/container.ts';
import { udpOfFrame } from '../../src/capture/link.ts';
import { mergeCaptures } from '../../src/capture/merge.ts';
import { readCapture } from '../../src/capture/read.ts';
import { interfaceNamed } from '../capture/fixture-edits.ts';

const FIXTURES = join(import.meta.dirname, '../e2e/fixtures');
const walk = readCapture(readFileSync(join(FIXTURES, 'walkthrough-netns.pcapng')));

/**
 * The walkthrough as three machines' captures, each moved by `moved` ms, `alter` applied to
 * each frame's bytes and `retime` to its time.
 */
function machines(
  moved: readonly number[],
  alter = (d: Uint8Array, _who: string) => d,
  retime = (f: CapturedFrame, _who: string) => f.tMs,
) {
  return mergeCaptures(
    (['internet', 'alice-nat-lan', 'bob-nat-lan'] as const).map((segment, k) => {
      const who = ['server', 'alice', 'bob'][k] as string;
      const part = interfaceNamed(walk, segment);
      const frames = part.frames.map((f) => ({
        ...f,
        data: alter(f.data, who),
        tMs: retime(f, who),
      }));
      return { name: who, description: '', capture: shiftCapture({ ...part, frames }, moved[k]!) };
    }),
  );
}

const SKEWED = machines([0, -3200, 750]);
// Alice's datagrams with their last byte changed: none is one the Server's capture holds.
const APART = machines([0, 0, 0], (d, who) =>
  who === 'alice' ? d.map((b, i) => (i === d.length - 1 ? b ^ 0xff : b)) : d,
);
// Alice's sending 3.2 s late and her receiving 3.2 s early: no one offset explains both.
const CONTRADICTORY = machines([0, 0, 0], undefined, (f, who) => {
  if (who !== 'alice') return f.tMs;
  const sent = udpOfFrame(walk.interfaces[0]!.linkType, f.data)?.src.ip === '192.168.1.10';
  return f.tMs + (sent ? 3200 : -3200);
});
const CLASS = readFileSync(join(FIXTURES, 'three-machines.pcapng'));

describe('clock sentences', () => {
  it.each([
    {
      file: SKEWED,
      keep: false,
      en: [
        "Alice's clock was 3.200 s behind the Server's, to within 24 µs: its frames were moved +3.200 s before matching (3 datagrams it sent, 2 it received, also in the Server's capture).",
        "Bob's clock was 750.0 ms ahead of the Server's, to within 26 µs: its frames were moved -750.0 ms before matching (3 datagrams it sent, 2 it received, also in the Server's capture).",
      ],
      es: [
        'El reloj de Alice iba 3,200 s por detrás del reloj del Servidor, con un margen de 24 µs: sus paquetes se movieron +3,200 s antes de emparejarlos (3 datagramas que envió y 2 que recibió, también en la captura del Servidor).',
        'El reloj de Bob iba 750,0 ms por delante del reloj del Servidor, con un margen de 26 µs: sus paquetes se movieron -750,0 ms antes de emparejarlos (3 datagramas que envió y 2 que recibió, también en la captura del Servidor).',
      ],
    },
    {
      file: SKEWED,
      keep: true,
      en: [
        "Alice's clock was 3.200 s behind the Server's, to within 24 µs: not moved, the recorded times kept (3 datagrams it sent, 2 it received, also in the Server's capture).",
        "Bob's clock was 750.0 ms ahead of the Server's, to within 26 µs: not moved, the recorded times kept (3 datagrams it sent, 2 it received, also in the Server's capture).",
      ],
      es: [
        'El reloj de Alice iba 3,200 s por detrás del reloj del Servidor, con un margen de 24 µs: no se movieron, se mantienen las horas grabadas (3 datagramas que envió y 2 que recibió, también en la captura del Servidor).',
        'El reloj de Bob iba 750,0 ms por delante del reloj del Servidor, con un margen de 26 µs: no se movieron, se mantienen las horas grabadas (3 datagramas que envió y 2 que recibió, también en la captura del Servidor).',
      ],
    },
    {
      file: CLASS,
      keep: false,
      en: [
        "Alice's clock agrees with the Server's (1 datagram it sent, 0 it received, also in the Server's capture).",
        "Bob's clock agrees with the Server's (1 datagram it sent, 0 it received, also in the Server's capture).",
      ],
      es: [
        'El reloj de Alice concuerda con el reloj del Servidor (1 datagrama que envió y 0 que recibió, también en la captura del Servidor).',
        'El reloj de Bob concuerda con el reloj del Servidor (1 datagrama que envió y 0 que recibió, también en la captura del Servidor).',
      ],
    },
    {
      file: CONTRADICTORY,
      keep: false,
      en: [
        "Alice's clock: not moved, since the datagrams in both its capture and the Server's disagree: no single offset puts each arrival after its sending (3 datagrams it sent, 2 it received, also in the Server's capture).",
        "Bob's clock agrees with the Server's (3 datagrams it sent, 2 it received, also in the Server's capture).",
      ],
      es: [
        'El reloj de Alice: sin mover, porque los datagramas que están en su captura y en la del Servidor se contradicen: ningún desfase hace que cada llegada sea posterior a su envío (3 datagramas que envió y 2 que recibió, también en la captura del Servidor).',
        'El reloj de Bob concuerda con el reloj del Servidor (3 datagramas que envió y 2 que recibió, también en la captura del Servidor).',
      ],
    },
    {
      file: APART,
      keep: false,
      en: [
        "Alice's clock: not compared, no datagram is in both its capture and the Server's; its times are left as recorded.",
        "Bob's clock agrees with the Server's (3 datagrams it sent, 2 it received, also in the Server's capture).",
      ],
      es: [
        'El reloj de Alice: sin comparar, ningún datagrama está a la vez en su captura y en la del Servidor; sus horas quedan como se grabaron.',
        'El reloj de Bob concuerda con el reloj del Servidor (3 datagramas que envió y 2 que recibió, también en la captura del Servidor).',
      ],
    },
  ])('$en.0', ({ file, keep, en, es }) => {
    const a = importCapture(file, { keepClocks: keep }).analysis;
    expect(clockSentences('en', a)).toEqual(en);
    expect(clockSentences('es', a)).toEqual(es);
  });

  it.each([
    { ms: 3200, en: '+3.200 s', es: '+3,200 s' },
    { ms: -750, en: '-750.0 ms', es: '-750,0 ms' },
    { ms: 0.024, en: '+24 µs', es: '+24 µs' },
  ])('$ms ms reads $en / $es', ({ ms, en, es }) => {
    expect(clockSpan('en', ms, true)).toBe(en);
    expect(clockSpan('es', ms, true)).toBe(es);
  });
});
