import { rpc } from './api.js';
import { errorBox, h, loading, mount } from './ui.js';

const exampleTemplate = {
  SnapshotType: 'SpriteSnapshot',
  SnapshotConfig: { FrameType: 'normal', Count: 12, Interval: 0, SpecifiedOffsetTime: 0, Width: 320,
    SpriteSnapshotConfig: { CellWidth: 160, Columns: 4, Lines: 3, Padding: 4, Margin: 6, Color: 'black', KeepCellPic: 'keep' } },
};
const exampleSprite = { CellWidth: 160, Columns: 4, Lines: 2, Padding: 4, Margin: 6, Color: 'tomato' };

const field = (label, input) => h('label', {}, label, input);

export async function submitPage(main, [query]) {
  mount(main, loading('Loading videos and templates'));
  const wanted = new URLSearchParams(query ?? '');
  const [videos, templates] = await Promise.all([rpc('GetVideoList', { PageSize: 100 }), rpc('ListVodTemplate', { TemplateType: 'Snapshot' })]);
  const list = templates.VodTemplateInfoList ?? [];
  const videoSelect = h('select', { name: 'VideoId', required: true },
    (videos.VideoList?.Video ?? []).map((v) => h('option', { value: v.VideoId, selected: v.VideoId === wanted.get('video') }, `${v.Title} · ${v.Status}`)));
  const templateSelect = h('select', { name: 'SnapshotTemplateId' },
    list.map((t) => h('option', { value: t.VodTemplateId, selected: t.VodTemplateId === wanted.get('template') }, `${t.Name} · ${t.SubTemplateType ?? ''}`)));
  const byTemplate = h('div', { class: 'fields', id: 'by-template' }, field('Template', templateSelect));
  const byParameters = h('div', { id: 'by-parameters', class: 'stack', style: { display: 'grid', gap: '12px' } },
    h('div', { class: 'fields' },
      field('SpecifiedOffsetTime (ms)', h('input', { name: 'SpecifiedOffsetTime', inputmode: 'numeric', value: '500' })),
      field('Count', h('input', { name: 'Count', inputmode: 'numeric', value: '8' })),
      field('Interval (s, 0 = even)', h('input', { name: 'Interval', inputmode: 'numeric', value: '1' })),
      field('Width (px)', h('input', { name: 'Width', inputmode: 'numeric', value: '320' })),
      field('Height (px)', h('input', { name: 'Height', inputmode: 'numeric', placeholder: 'from aspect' }))),
    field('SpriteSnapshotConfig (JSON; empty for normal snapshots only)', h('textarea', { name: 'SpriteSnapshotConfig' }, JSON.stringify(exampleSprite))));
  const mode = (value, text, checked) => h('label', {}, h('input', { type: 'radio', name: 'mode', value, checked }), text);
  const seg = h('div', { class: 'seg' }, mode('template', 'From a template', !!wanted.get('template') || list.length > 0), mode('parameters', 'From parameters', !wanted.get('template') && list.length === 0));
  const feedback = h('div', { id: 'feedback' });
  const form = h('form', { class: 'stack', id: 'submit-form', onsubmit: submit },
    field('Video', videoSelect), seg, byTemplate, byParameters,
    field('UserData (JSON, optional: MessageCallback.CallbackURL, Extend)', h('textarea', { name: 'UserData', placeholder: '{"MessageCallback":{"CallbackURL":"http://127.0.0.1:9000/callback"},"Extend":{"ticket":42}}' })),
    h('div', { class: 'row' }, h('button', { type: 'submit', id: 'submit' }, 'SubmitSnapshotJob'), feedback));
  const sync = () => {
    const byTpl = form.elements.mode.value === 'template';
    byTemplate.style.display = byTpl ? '' : 'none';
    byParameters.style.display = byTpl ? 'none' : 'grid';
  };
  seg.addEventListener('change', sync);
  sync();

  async function submit(event) {
    event.preventDefault();
    const data = new FormData(form);
    const names = form.elements.mode.value === 'template'
      ? ['VideoId', 'SnapshotTemplateId', 'UserData']
      : ['VideoId', 'SpecifiedOffsetTime', 'Count', 'Interval', 'Width', 'Height', 'SpriteSnapshotConfig', 'UserData'];
    const parameters = Object.fromEntries(names.map((n) => [n, String(data.get(n) ?? '').trim()]));
    try {
      const answer = await rpc('SubmitSnapshotJob', parameters);
      location.hash = `#/jobs/${answer.SnapshotJob.JobId}`;
    } catch (error) {
      mount(feedback, errorBox(error));
    }
  }

  mount(main,
    h('div', { class: 'head' }, h('div', {}, h('h1', {}, 'New snapshot job'), h('div', { class: 'muted' }, 'The same SubmitSnapshotJob call an SDK makes.'))),
    h('section', { class: 'card' }, form));
}

export async function templatesPage(main, _, signal) {
  mount(main, loading('Loading templates'));
  const templates = await rpc('ListVodTemplate', { TemplateType: 'Snapshot' });
  const list = templates.VodTemplateInfoList ?? [];
  const feedback = h('div', { id: 'template-feedback' });
  const form = h('form', { class: 'stack', id: 'template-form', onsubmit: add },
    field('Name', h('input', { name: 'Name', required: true, maxlength: 128, placeholder: 'Sprite 4×3' })),
    field('TemplateConfig (JSON)', h('textarea', { name: 'TemplateConfig', rows: 9 }, JSON.stringify(exampleTemplate, null, 2))),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'AddVodTemplate'), feedback));

  async function add(event) {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await rpc('AddVodTemplate', { Name: data.get('Name'), TemplateType: 'Snapshot', TemplateConfig: data.get('TemplateConfig') });
      if (!signal.aborted) await templatesPage(main, _, signal);
    } catch (error) {
      mount(feedback, errorBox(error));
    }
  }

  mount(main,
    h('div', { class: 'head' }, h('div', {}, h('h1', {}, 'Snapshot templates'), h('div', { class: 'muted' }, `${list.length} · ListVodTemplate`))),
    h('div', { class: 'cols' },
      h('section', { class: 'card' }, h('h2', {}, 'Templates'), list.length === 0 ? h('div', { class: 'empty' }, 'No templates.') :
        h('div', { class: 'scroll' }, h('table', { id: 'templates' },
          h('thead', {}, h('tr', {}, ['Name', 'Type', 'Default', 'Config', ''].map((c) => h('th', {}, c)))),
          h('tbody', {}, list.map((t) => h('tr', { 'data-template': t.VodTemplateId },
            h('td', {}, h('div', {}, t.Name), h('div', { class: 'muted mono' }, t.VodTemplateId)),
            h('td', {}, t.SubTemplateType ?? '—'),
            h('td', {}, t.IsDefault === 'Default' ? 'yes' : ''),
            h('td', {}, h('details', {}, h('summary', {}, 'TemplateConfig'), h('pre', {}, pretty(t.TemplateConfig)))),
            h('td', {}, h('a', { class: 'button', href: `#/submit?template=${t.VodTemplateId}` }, 'Use')))))))),
      h('section', { class: 'card' }, h('h2', {}, 'Add a template'), form)));
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}
