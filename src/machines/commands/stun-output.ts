/**
 * How classifier verdicts are printed, the same in the simulated terminal and the lab CLI:
 * pystun's three lines for RFC 3489, and the RFC 4787 behaviour lines for RFC 5780.
 */
import type { ClassicVerdict } from '../../model/stun/classic-plan.ts';
import type { Rfc5780Verdict } from '../../model/stun/rfc5780-plan.ts';

/** pystun's output: `NAT Type: …`, `External IP: …`, `External Port: …`. */
export function formatClassic(v: ClassicVerdict): string {
  return `NAT Type: ${v.natType}\nExternal IP: ${v.external?.ip ?? 'None'}\nExternal Port: ${v.external?.port ?? 'None'}\n`;
}

/** RFC 5780 findings in RFC 4787 words. */
export function formatRfc5780(v: Rfc5780Verdict): string {
  switch (v.kind) {
    case 'blocked':
      return 'NAT Type: Blocked\nExternal IP: None\nExternal Port: None\n';
    case 'unsupported':
      return `RFC 5780 not supported: ${v.reason}\nExternal IP: ${v.external.ip}\nExternal Port: ${v.external.port}\n`;
    case 'behaviour':
      return [
        `NAT: ${v.nat ? 'yes' : 'no (the mapped address is the local one)'}`,
        `Mapping: ${v.mapping}`,
        `Filtering: ${v.filtering}`,
        `Port preserved: ${v.preservesPort ? 'yes' : 'no'}`,
        `External IP: ${v.external.ip}`,
        `External Port: ${v.external.port}`,
        '',
      ].join('\n');
    default: {
      const never: never = v;
      return never;
    }
  }
}
