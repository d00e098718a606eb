import { emulator, rpc } from './api.js';
import { errorBox, h, kv, loading, mount, pill, shortId, time } from './ui.js';

export async function callbacksPage(main) {
  mount(main, loading('Loading the callback configuration'));
  const [config, log] = await Promise.all([rpc('GetMessageCallback').catch((error) => error), emulator('/callbacks')]);
  const callback = config instanceof Error ? null : config.MessageCallback;
  mount(main,
    h('div', { class: 'head' }, h('div', {}, h('h1', {}, 'Callbacks'), h('div', { class: 'muted' }, 'GetMessageCallback and the delivery log'))),
    h('div', { class: 'cols' },
      h('section', { class: 'card', id: 'callback-config' }, h('h2', {}, 'Configuration'),
        config instanceof Error ? errorBox(config)
          : callback ? kv([['Type', callback.CallbackType], ['URL', callback.CallbackURL], ['Events', callback.EventTypeList], ['Signing', callback.AuthSwitch],
            ['MNS endpoint', callback.MnsEndpoint ?? null], ['MNS queue', callback.MnsQueueName ?? null], ['App', callback.AppId ?? null]])
            : h('div', { class: 'empty' }, 'No global callback is configured (SetMessageCallback). UserData callback URLs are then ignored, as by the vendor.')),
      h('section', { class: 'card' }, h('h2', {}, 'About deliveries'), h('div', { class: 'muted' },
        'Each event is tried up to three times per round; a delivery keeps every attempt, and a round can be started again from the job page.'))),
    h('section', { class: 'card' }, h('h2', {}, 'Recent deliveries'), log.Deliveries.length === 0 ? h('div', { class: 'empty' }, 'No deliveries yet.') :
      h('div', { class: 'scroll' }, h('table', { id: 'deliveries' },
        h('thead', {}, h('tr', {}, ['Job', 'Status', 'URL', 'Round', 'Attempts', 'Created', 'Completed'].map((c) => h('th', {}, c)))),
        h('tbody', {}, log.Deliveries.map((d) => h('tr', { 'data-delivery': d.DeliveryId },
          h('td', {}, h('a', { class: 'mono', href: `#/jobs/${d.JobId}` }, shortId(d.JobId))),
          h('td', {}, pill(d.Status)), h('td', { class: 'mono' }, d.Url), h('td', {}, d.Round), h('td', {}, d.Attempts.length),
          h('td', {}, time(d.CreationTime)), h('td', {}, time(d.CompleteTime)))))))));
}
