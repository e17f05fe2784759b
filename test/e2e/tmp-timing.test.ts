import { it } from 'vitest';
import { startHarness } from '../support/gopy-harness.ts';
it('timing', async () => {
  let t = performance.now();
  const h = await startHarness({ framework: 'grammy', mode: 'webhook' });
  console.log('start', performance.now() - t);
  t = performance.now();
  await h.send(7001, '/start');
  console.log('send', performance.now() - t, h.texts(7001));
  t = performance.now();
  await h.close();
  console.log('close', performance.now() - t);
}, 60000);
