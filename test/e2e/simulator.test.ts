// End-to-end: the simulator in real headless Chromium, served by Vite. Steps the whole seed
// walkthrough checking NAT tables and terminals against the model at every event, steps back,
// switches Alice to a symmetric NAT, reloads from the copied link, and inspects a packet.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatEndpoint, scenarioById } from '../../src/model/index.ts';
import { Timeline } from '../../src/app/timeline.ts';
import { RESULTS, sim, useBrowserSession } from './harness.ts';

const session = useBrowserSession();

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function open(query: string): Promise<Page> {
  const page = await session.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(session.base + query);
  await page.locator('nat-controls [data-testid=step]').waitFor();
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

describe('simulator in Chromium', () => {
  const timeline = Timeline.record(scenarioById('walkthrough'));

  it('steps through the whole walkthrough: NAT tables and terminals match the model at every event', async () => {
    const page = await open('?s=walkthrough&lang=en');
    const ui = sim(page);
    expect(await ui.step()).toBe(`event 0 of ${timeline.total}`);
    for (let i = 1; i <= timeline.total; i++) {
      await ui.press('ArrowRight');
      expect(await ui.step()).toBe(`event ${i} of ${timeline.total}`);
      const frame = timeline.frame(i);
      for (const nat of frame.nats) {
        const rows = await page
          .locator(`nat-table-view [data-router=${nat.node}] tr.binding:not(.expired)`)
          .allInnerTexts();
        expect(rows.length, `bindings of ${nat.node} at event ${i}`).toBe(nat.bindings.length);
        nat.bindings.forEach((b, k) => {
          const row = squash(rows[k] ?? '');
          expect(row).toContain(formatEndpoint(b.internal));
          expect(row).toContain(formatEndpoint(b.external));
          expect(row).toContain(`${((b.expiresAt - frame.now) / 1000).toFixed(1)} s`);
        });
      }
      for (const actor of ['server', 'alice', 'bob']) {
        const lines = timeline.terminal(actor, i);
        const want = lines.length
          ? squash(
              lines.map((l) => (l.kind === 'command' ? `${actor}$ ${l.text}` : l.text)).join('\n'),
            )
          : 'No commands yet';
        expect(squash(await ui.terminal(actor)), `${actor}'s terminal at event ${i}`).toBe(want);
      }
      if (i === 12) {
        expect(await ui.terminal('server')).toContain('54.93.229.24:58888');
        await page.screenshot({ path: `${RESULTS}/walkthrough-12-ss-bob.png` });
      }
      if (i === 25) expect(await ui.terminal('server')).toContain('82.230.120.113:53333');
      if (i === 35) {
        expect(await ui.caption()).toContain("Bob's NAT rewrites the destination of #3");
        await page.screenshot({ path: `${RESULTS}/walkthrough-35-translate.png` });
      }
      if (i === 50) {
        expect(await ui.terminal('alice')).toContain('soy Bob');
        await page.screenshot({ path: `${RESULTS}/walkthrough-50-soy-bob.png` });
      }
    }
    expect(await ui.goal('alice-hears-bob').getAttribute('data-state')).toBe('reached');
    expect(await ui.goal('bob-hears-alice').getAttribute('data-state')).toBe('reached');
    await page.screenshot({ path: `${RESULTS}/walkthrough-end.png`, fullPage: true });

    // Back: one step before Alice's terminal printed "soy Bob", then to the start.
    await page.goto(`${session.base}?lang=en&step=50`);
    await page.locator('nat-controls [data-testid=step]').waitFor();
    expect(await ui.terminal('alice')).toContain('soy Bob');
    await ui.press('ArrowLeft');
    expect(await ui.step()).toBe(`event 49 of ${timeline.total}`);
    expect(await ui.terminal('alice')).not.toContain('soy Bob');
    expect(await ui.goal('alice-hears-bob').getAttribute('data-state')).toBe('reached');
    await ui.press('ArrowLeft', 2);
    expect(await ui.goal('alice-hears-bob').getAttribute('data-state')).toBe('pending');
    await ui.press('Home');
    expect(await ui.step()).toBe(`event 0 of ${timeline.total}`);
    expect(await ui.bindings('bob-nat')).toEqual([]);
    expect(squash(await ui.terminal('server'))).toBe('No commands yet');
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("switching Alice's NAT to symmetric makes the punch fail, with the reason shown", async () => {
    const page = await open('?s=walkthrough&lang=en');
    const ui = sim(page);
    await page
      .locator('nat-table-view [data-router=alice-nat] select.preset')
      .selectOption('symmetric');
    await expect.poll(() => page.url()).toContain('nat.alice-nat=symmetric');
    await ui.press('End');
    const goal = ui.goal('alice-hears-bob');
    expect(await goal.getAttribute('data-state')).toBe('missed');
    expect(await goal.innerText()).toContain(
      'filtered: no mapping permits 54.93.229.24:58888 -> 82.230.120.113:40000',
    );
    expect(await ui.goal('bob-hears-alice').getAttribute('data-state')).toBe('reached');
    // The drop itself, on the stage and in the caption.
    const symmetric = Timeline.record(scenarioById('walkthrough'), {
      nat: { 'alice-nat': 'symmetric' },
    });
    const dropAt =
      symmetric.events.findIndex((e) => e.type === 'dropped' && e.node === 'alice-nat') + 1;
    await page.locator('nat-controls input[type=range]').fill(String(dropAt));
    expect(await ui.caption()).toContain("Alice's NAT drops packet #4");
    // The rule that dropped it is the symmetric NAT's own (address and port), worded, not a code.
    expect(await ui.caption()).toContain('(address-and-port-dependent filtering)');
    expect(await page.locator('nat-stage g.packet.dropped').count()).toBe(1);
    expect(await page.locator('nat-stage g.plabel').textContent()).toContain('✕ filtered: address');
    // The symmetric NAT's mapping toward Bob got a new port (40001), shown in Alice's table.
    expect((await ui.bindings('alice-nat')).map(squash).join(' | ')).toContain(
      '82.230.120.113:40001',
    );
    await page.screenshot({ path: `${RESULTS}/alice-symmetric-drop.png` });
    await page.close();
  }, 60_000);

  it("in Spanish, Alice on a symmetric NAT shows the drop's sentence in Spanish", async () => {
    const page = await open('?lang=es&nat.alice-nat=symmetric');
    const ui = sim(page);
    await ui.press('End');
    const goal = ui.goal('alice-hears-bob');
    expect(await goal.getAttribute('data-state')).toBe('missed');
    const sentence = 'filtrado: ningún mapeo permite 54.93.229.24:58888 -> 82.230.120.113:40000';
    expect(await goal.innerText()).toContain(`${sentence} (en NAT de Alice)`);
    expect(await goal.innerText()).not.toContain('filtered:');
    const symmetric = Timeline.record(scenarioById('walkthrough'), {
      nat: { 'alice-nat': 'symmetric' },
    });
    const dropAt =
      symmetric.events.findIndex((e) => e.type === 'dropped' && e.node === 'alice-nat') + 1;
    await page.locator('nat-controls input[type=range]').fill(String(dropAt));
    expect(await ui.caption()).toContain('NAT de Alice descarta el paquete #4');
    expect(await ui.caption()).toContain(sentence);
    expect(await page.locator('nat-event-log li.current').innerText()).toContain(sentence);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a run cut at its event limit says so, in both languages, and leaves its goals undecided', async () => {
    for (const lang of ['en', 'es'] as const) {
      const page = await open(`?s=walkthrough&lang=${lang}`);
      // A long keepalive run whose goal nothing before the cut decides (lessons will load such
      // scenarios; the built-in ones end well before the limit). Vite serves the app's modules.
      // (A string, so vitest leaves the browser's dynamic import alone.)
      await page.evaluate(`(async () => {
        const { Timeline } = await import('/src/app/timeline.ts');
        const { expiryScenario } = await import('/src/model/scenarios/index.ts');
        const base = expiryScenario(true);
        const s = {
          ...base,
          steps: base.steps.map((x) => (x.every ? { ...x, every: 1000, times: 3000 } : x)),
          goals: base.goals.map((g) => ({ ...g, text: 'after the cut' })),
          endAt: undefined,
        };
        const el = document.querySelector('nat-app')?.shadowRoot?.querySelector('nat-simulator');
        if (!el) throw new Error('no nat-simulator');
        const tl = Timeline.record(s);
        el.timeline = tl;
        el.index = tl.total;
      })()`);
      const notice = page.locator('nat-simulator [data-testid=run-limit]');
      expect(await notice.innerText()).toContain(
        lang === 'en' ? 'stopped at its limit of 20000 events' : 'límite de 20000 eventos',
      );
      const goal = sim(page).goal('alice-hears-bob');
      expect(await goal.getAttribute('data-state')).toBe('undecided');
      expect(await goal.innerText()).toContain(lang === 'en' ? 'not decided' : 'sin decidir');
      expect(await goal.innerText()).not.toContain(lang === 'en' ? 'never sent' : 'nunca');
      await page.screenshot({ path: `${RESULTS}/run-limit-${lang}.png` });
      await page.close();
    }
  }, 90_000);

  it('reloading the copied link reproduces the same view', async () => {
    const page = await open('?s=walkthrough&lang=en');
    const ui = sim(page);
    await page
      .locator('nat-table-view [data-router=bob-nat] select.preset')
      .selectOption('linux-masquerade');
    await page
      .locator('nat-table-view [data-router=alice-nat] select.preset')
      .selectOption('port-restricted-cone');
    await ui.press('ArrowRight', 37);
    await page.locator('nat-event-log li[data-index="9"] .inspect').click();
    await page.locator('button[data-action=copy-link]').click();
    const link = page.url();
    expect(link).toContain('step=37');
    const snapshot = async (p: Page) => {
      const u = sim(p);
      return {
        step: await u.step(),
        caption: await u.caption(),
        server: await u.terminal('server'),
        alice: await u.terminal('alice'),
        bob: await u.terminal('bob'),
        bobNat: await u.bindings('bob-nat'),
        aliceNat: await u.bindings('alice-nat'),
        presets: await p
          .locator('nat-picker select.preset')
          .evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value)),
        inspector: await p.locator('nat-inspector [data-testid=inspector]').innerText(),
      };
    };
    const before = await snapshot(page);
    expect(before.presets).toEqual(['linux-masquerade', 'port-restricted-cone']);
    const again = await open(link.slice(session.base.length));
    expect(await snapshot(again)).toEqual(before);
    await again.screenshot({ path: `${RESULTS}/reloaded-link.png` });
    await page.close();
    await again.close();
  }, 60_000);

  it('the inspector shows the headers of a packet', async () => {
    const page = await open('?lang=en&step=9&pkt=1');
    const text = await page.locator('nat-inspector [data-testid=inspector]').innerText();
    expect(text).toContain('54.93.229.24:58888 → 54.93.249.162:9000');
    expect(text).toMatch(/Protocol\s+UDP \(17\)/);
    expect(text).toMatch(/Length\s+12/);
    expect(text).toContain('toc.');
    await page.close();
  });

  it("walkthrough variant 2: pystun's STUN packets decode in the inspector", async () => {
    const page = await open('?s=walkthrough-stun&lang=en&step=15&pkt=2');
    const inspector = page.locator('nat-inspector [data-testid=inspector]');
    expect(await inspector.innerText()).toContain('STUN message');
    const stun = await page.locator('nat-inspector [data-testid=stun]').innerText();
    expect(stun).toContain('Message Type');
    expect(stun).toContain('MAPPED-ADDRESS');
    expect(stun).toContain('54.93.229.24:59999');
    await page.screenshot({ path: `${RESULTS}/stun-inspector.png` });
    await page.keyboard.press('End');
    expect(await sim(page).terminal('bob')).toContain('NAT Type: Full Cone');
    expect(await sim(page).terminal('alice')).toContain('NAT Type: Restric NAT');
    expect(await sim(page).goal('alice-hears-bob').getAttribute('data-state')).toBe('reached');
    await page.close();
  }, 60_000);
});
