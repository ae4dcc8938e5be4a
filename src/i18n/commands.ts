/**
 * A refused command line in the UI language: the facts of a CommandError worded in Spanish or
 * English (English reads exactly as the model's message, which a test checks for every kind),
 * as the terminal prints it on stderr: `nc: opción no válida -- 'z'` and the usage line.
 */
import type { CommandErrorFacts, CommandErrorKind } from '../model/command-error.ts';
import type { Lang } from './index.ts';

type Wording = (f: CommandErrorFacts) => string;

const list = (names: readonly string[] | undefined): string => (names ?? []).join(', ');

/** Required address flags by name (stund's, turnserver's, turn's). */
const STUND_ADDRESS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {
    '-h': 'primary address',
    '-a': 'alternate address',
    '-L': 'listening address',
    '-H': 'server address',
  },
  es: {
    '-h': 'dirección principal',
    '-a': 'dirección alternativa',
    '-L': 'dirección de escucha',
    '-H': 'dirección del servidor',
  },
};

const EN: Readonly<Record<CommandErrorKind, Wording>> = {
  'empty-command': () => 'empty command',
  'unterminated-quote': (f) => `unterminated ${f.value} quote in: ${f.line}`,
  'unknown-variable': (f) =>
    `unknown variable \${${f.value}}${f.names?.length ? ` (known: ${list(f.names)})` : ''}`,
  'too-many-pipes': (f) => `only one pipe is supported: ${f.line}`,
  'pipe-not-echo': (f) => `only "echo TEXT | program" pipes are supported: ${f.line}`,
  'nothing-after-pipe': (f) => `nothing after the pipe: ${f.line}`,
  'command-not-found': (f) => `command not found (available: ${list(f.names)})`,
  'unknown-flag': (f) =>
    f.program === 'pystun'
      ? `unrecognized argument: ${f.flag}`
      : f.program === 'stund'
        ? `bad argument "${f.flag}"`
        : `invalid option -- '${f.flag?.slice(1)}'`,
  'missing-value': (f) =>
    f.program === 'stund' ? `bad argument "${f.flag}"` : `${f.flag} needs a value`,
  'not-a-port': (f) =>
    f.program === 'nc'
      ? `${f.flag === '-p' ? 'source port' : 'port'} "${f.value}" is not a port number`
      : `${f.flag}: "${f.value}" is not a port`,
  'bad-port': (f) =>
    f.program === 'nc' ? `port number invalid: ${f.value}` : `${f.flag}: ${f.detail}`,
  'bad-address': (f) =>
    f.program === 'nc'
      ? `invalid source address "${f.value}"`
      : `${f.program === 'stund' ? STUND_ADDRESS.en[f.flag ?? ''] : f.flag}: ${f.detail}`,
  'missing-address': (f) => `${STUND_ADDRESS.en[f.flag ?? '']} is required (${f.flag})`,
  'udp-only': () => 'only UDP is modelled here: add -u',
  'keep-needs-listen': () => 'must use -l with -k',
  'too-many-arguments': (f) => `too many arguments for -l: ${f.value}`,
  'listen-needs-port': () => '-l needs a port',
  'missing-destination': () => 'missing destination and port',
  'unknown-host': (f) =>
    `getaddrinfo for host "${f.value}" port ${f.port}: Name or service not known (use an IPv4 address)`,
  'address-in-use': () => 'Address already in use',
  'unsupported-options': (f) => `only "ss -unp" (UDP sockets) is modelled, got: ${f.line}`,
  'same-endpoints': () => 'the two addresses and the two ports must differ',
  'bad-subcommand': (f) => `expected one of ${list(f.names)}${f.value ? `, got "${f.value}"` : ''}`,
  'missing-peer': (f) =>
    `${f.value} needs the peer's ${f.value === 'send' ? 'address and port' : 'address'}`,
};

const ES: Readonly<Record<CommandErrorKind, Wording>> = {
  'empty-command': () => 'orden vacía',
  'unterminated-quote': (f) => `falta cerrar la comilla ${f.value} en: ${f.line}`,
  'unknown-variable': (f) =>
    `variable desconocida \${${f.value}}${f.names?.length ? ` (conocidas: ${list(f.names)})` : ' (aún no se ha observado nada)'}`,
  'too-many-pipes': (f) => `solo se admite una tubería: ${f.line}`,
  'pipe-not-echo': (f) => `solo se admiten tuberías "echo TEXTO | programa": ${f.line}`,
  'nothing-after-pipe': (f) => `no hay nada después de la tubería: ${f.line}`,
  'command-not-found': (f) => `orden no encontrada (disponibles: ${list(f.names)})`,
  'unknown-flag': (f) =>
    f.program === 'pystun'
      ? `argumento no reconocido: ${f.flag}`
      : f.program === 'stund'
        ? `argumento incorrecto "${f.flag}"`
        : `opción no válida -- '${f.flag?.slice(1)}'`,
  'missing-value': (f) => `${f.flag} necesita un valor`,
  'not-a-port': (f) =>
    f.program === 'nc'
      ? `${f.flag === '-p' ? 'el puerto de origen' : 'el puerto'} "${f.value}" no es un número de puerto`
      : `${f.flag}: "${f.value}" no es un puerto`,
  'bad-port': (f) =>
    `${f.flag ? `${f.flag}: ` : ''}número de puerto no válido: ${f.value} (de 1 a 65535)`,
  'bad-address': (f) =>
    f.program === 'nc'
      ? `dirección de origen no válida "${f.value}"`
      : `${f.program === 'stund' ? STUND_ADDRESS.es[f.flag ?? ''] : f.flag}: "${f.value}" no es una dirección IPv4 (a.b.c.d)`,
  'missing-address': (f) => `falta la ${STUND_ADDRESS.es[f.flag ?? '']} (${f.flag})`,
  'udp-only': () => 'aquí solo se modela UDP: añade -u',
  'keep-needs-listen': () => '-k solo vale con -l',
  'too-many-arguments': (f) => `demasiados argumentos para -l: ${f.value}`,
  'listen-needs-port': () => '-l necesita un puerto',
  'missing-destination': () => 'faltan el destino y el puerto',
  'unknown-host': (f) =>
    `getaddrinfo para el host "${f.value}" puerto ${f.port}: nombre o servicio desconocido (usa una dirección IPv4)`,
  'address-in-use': () => 'la dirección ya está en uso',
  'unsupported-options': (f) => `solo se modela "ss -unp" (sockets UDP); se recibió: ${f.line}`,
  'same-endpoints': () => 'las dos direcciones y los dos puertos deben ser distintos',
  'bad-subcommand': (f) =>
    `se esperaba una de estas órdenes: ${list(f.names)}${f.value ? `; se recibió "${f.value}"` : ''}`,
  'missing-peer': (f) =>
    `${f.value} necesita ${f.value === 'send' ? 'la dirección y el puerto' : 'la dirección'} del otro extremo`,
};

const WORDING: Readonly<Record<Lang, Readonly<Record<CommandErrorKind, Wording>>>> = {
  en: EN,
  es: ES,
};

/** How a refused command reads in `lang` (lines separated by `\n`, no final newline). */
export function commandErrorText(lang: Lang, f: CommandErrorFacts): string {
  const head = f.program ? `${f.program}: ` : '';
  const usage = f.usage ? `\n${lang === 'es' ? 'uso' : 'usage'}: ${f.usage}` : '';
  return `${head}${WORDING[lang][f.kind](f)}${usage}`;
}
