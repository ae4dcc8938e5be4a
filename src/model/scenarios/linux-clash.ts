/**
 * The Linux conntrack clash measured on a real kernel: both routers run MASQUERADE; when the
 * INPUT chain accepts, Alice's early punch creates a conntrack entry on Bob's router, Bob's reply
 * clashes with it and leaves from another port (9065 with the default seed), and Alice never gets
 * it. With `-A INPUT -i wan0 -m conntrack --ctstate NEW -j DROP` the same steps work.
 */
import type { Scenario } from '../scenario.ts';
import { walkthroughScenario } from './walkthrough.ts';

/** The clash (INPUT accepts) or its fix (INPUT drops NEW on the WAN side). */
export function linuxClashScenario(inputDrop: boolean): Scenario {
  const preset = inputDrop ? 'linux-masquerade-input-drop' : 'linux-masquerade';
  const base = walkthroughScenario(preset, preset);
  return {
    ...base,
    id: inputDrop ? 'linux-clash-fixed' : 'linux-clash',
    title: inputDrop
      ? {
          en: 'Linux NAT with INPUT dropping NEW: the punch works',
          es: 'NAT de Linux con INPUT descartando NEW: el agujero funciona',
        }
      : {
          en: 'Linux NAT with INPUT accepting: the conntrack clash',
          es: 'NAT de Linux con INPUT aceptando: el choque de conntrack',
        },
    summary: inputDrop
      ? {
          en: "Alice's early punch is dropped by Bob's router without leaving state, so Bob's reply keeps port 58888.",
          es: 'El primer paquete de Alice se descarta en el router de Bob sin dejar estado, y la respuesta de Bob conserva el puerto 58888.',
        }
      : {
          en: "Alice's early punch leaves a conntrack entry on Bob's router; Bob's reply clashes with it and goes out from another port.",
          es: 'El primer paquete de Alice deja una entrada de conntrack en el router de Bob; la respuesta de Bob choca con ella y sale por otro puerto.',
        },
  };
}
