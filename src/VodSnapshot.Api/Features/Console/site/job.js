import { emulator } from './api.js';
import { elapsed, errorBox, h, hideTip, kv, loading, mount, pill, seconds, showTip, time } from './ui.js';

// Fields of the job view drawn in their own places; anything else it carries (decoded-frame figures…) is listed as is.
const known = new Set(['JobId', 'VideoId', 'Status', 'CreationTime', 'StartTime', 'CompleteTime', 'Strategy', 'ErrorCode', 'ErrorMessage',
  'Runs', 'TemplateId', 'ReferenceId', 'CallbackUrl', 'Faults', 'CallbackNote', 'Deliveries', 'FramesDone', 'FramesTotal']);
const live = (job) => job.Status === 'Submitted' || job.Status === 'Running';

export async function jobPage(main, [jobId], signal) {
  mount(main, loading('Loading the job'));
  const state = { feedback: null, drawn: null, wake: null };
  const refresh = () => { state.drawn = null; state.wake?.(); };
  // Read again every second while the job runs or a delivery is under way, every three seconds otherwise (a
  // callback is queued just after the job ends); drawn again only when something changed.
  while (!signal.aborted) {
    const [job, images, log] = await Promise.all([
      emulator(`/jobs/${jobId}`), emulator(`/jobs/${jobId}/images`), emulator(`/callbacks?jobId=${jobId}`)]);
    if (signal.aborted) return;
    const busy = live(job) || log.Deliveries.some((d) => d.Status === 'Pending');
    const drawn = JSON.stringify([job, images.Images.length, log.Deliveries]);
    if (drawn !== state.drawn || live(job)) {
      state.drawn = drawn;
      render(main, job, images, log.Deliveries, state, refresh);
    }
    await new Promise((resolve) => { state.wake = resolve; setTimeout(resolve, busy ? 1000 : 3000); });
  }
}

function render(main, job, images, deliveries, state, refresh) {
  const figures = Object.entries(job).filter(([k, v]) => !known.has(k) && v !== null && v !== undefined);
  const byType = Object.groupBy(images.Images, (i) => i.Type);
  mount(main,
    h('div', { class: 'head' },
      h('div', {},
        h('h1', {}, 'Snapshot job'),
        h('div', { class: 'meta' }, pill(job.Status), h('span', { class: 'mono' }, job.JobId), h('span', {}, 'video ', h('a', { class: 'mono', href: `#/videos/${job.VideoId}` }, job.VideoId))))),
    job.ErrorCode ? errorBox({ code: job.ErrorCode, message: job.ErrorMessage }) : null,
    job.CallbackNote ? h('div', { class: 'notice' }, 'No callback: ', job.CallbackNote) : null,
    h('section', { class: 'card' }, h('h2', {}, 'Timeline'), timeline(job), progress(job)),
    byType.SpriteSnapshot ? h('section', { class: 'card' }, h('h2', {}, 'Sprite sheets'), h('div', { class: 'muted', style: { marginBottom: '10px' } }, 'Hover a cell for its times.'),
      h('div', { class: 'row', id: 'sheets' }, byType.SpriteSnapshot.map((sheet) => sheetView(sheet, images.Sprite)))) : null,
    frames('Snapshots', byType.NormalSnapshot, 'frames'),
    frames('Cover candidates', byType.CoverSnapshot, 'covers'),
    h('div', { class: 'cols' },
      h('section', { class: 'card' }, h('h2', {}, 'Resolved parameters'), h('pre', { id: 'parameters' }, JSON.stringify(images.Parameters, null, 2))),
      h('section', { class: 'card' }, h('h2', {}, 'Run'), kv([
        ['Strategy', job.Strategy], ['Runs', job.Runs], ['Template', job.TemplateId], ['ReferenceId', job.ReferenceId],
        ['Callback URL', job.CallbackUrl], ['Faults', job.Faults]]),
      figures.length ? [h('h2', { style: { marginTop: '16px' } }, 'Figures'), h('div', { id: 'figures' }, kv(figures.map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])))] : null)),
    byType.WebVttSnapshot ? h('section', { class: 'card' }, h('h2', {}, 'WebVTT track'),
      h('div', { class: 'row' }, byType.WebVttSnapshot.map((t) => h('a', { href: t.Url }, t.Url.split('/').pop())),
        (byType.WebVttManifest ?? []).map((t) => h('a', { href: t.Url }, 'manifest')))) : null,
    byType.SpriteOriginSnapshot ? h('details', { class: 'card' }, h('summary', {}, `Kept cells (${byType.SpriteOriginSnapshot.length})`),
      h('div', { style: { marginTop: '12px' } }, frames(null, byType.SpriteOriginSnapshot, 'cells'))) : null,
    h('section', { class: 'card', id: 'deliveries' }, h('h2', {}, 'Callback deliveries'), state.feedback,
      deliveries.length ? deliveries.map((d) => delivery(d, state, refresh)) : h('div', { class: 'muted' }, 'No callback was sent for this job.')));
}

// While the job runs: the frames its run has written so far, against the frames it takes.
function progress(job) {
  if (job.FramesDone === null || job.FramesDone === undefined) return null;
  const share = job.FramesTotal ? Math.round((100 * job.FramesDone) / job.FramesTotal) : 0;
  return h('div', { class: 'progress', id: 'progress', title: `${share}%` },
    h('div', { class: 'progress-fill', style: { width: `${share}%` } }),
    h('span', {}, `${job.FramesDone} of ${job.FramesTotal} frames written`));
}

function timeline(job) {
  const failed = job.Status === 'Failed';
  const step = (name, at, done, now, extra) => h('div', { class: `step ${done ? (failed && name !== 'Submitted' && name !== 'Started' ? 'failed' : 'done') : now ? 'now' : ''}` },
    h('b', {}, name), h('div', {}, time(at)), extra ? h('div', { class: 'muted' }, extra) : null);
  return h('div', { class: 'timeline', id: 'timeline' },
    step('Submitted', job.CreationTime, true),
    step('Started', job.StartTime, !!job.StartTime, job.Status === 'Submitted', job.StartTime ? `queued ${elapsed(job.CreationTime, job.StartTime)}` : 'queued…'),
    step(failed ? 'Failed' : 'Completed', job.CompleteTime, !!job.CompleteTime, job.Status === 'Running',
      job.CompleteTime ? `ran ${elapsed(job.StartTime, job.CompleteTime)}` : job.StartTime ? `running ${elapsed(job.StartTime)}…` : null),
    h('div', { class: 'step done' }, h('b', {}, 'Runs'), h('div', {}, job.Runs), h('div', { class: 'muted' }, job.Runs > 1 ? 'run again after a restart' : 'one run')));
}

function delta(requested, actual) {
  if (requested === null || requested === undefined || actual === null || actual === undefined) return null;
  const d = actual - requested;
  const size = Math.abs(d) < 50 ? 'zero' : Math.abs(d) <= 500 ? 'near' : 'far';
  return h('span', { class: `delta ${size}` }, `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d)} ms`);
}

function frames(title, list, id) {
  if (!list?.length) return null;
  const grid = h('div', { class: 'grid small', id }, list.map((image) => h('figure', { class: 'tile frame', 'data-index': image.Index },
    h('a', { class: 'thumb', href: image.Url, target: '_blank' }, h('img', { src: image.Url, alt: `${image.Type} ${image.Index}`, loading: 'lazy' })),
    h('figcaption', {},
      h('b', {}, `#${image.Index}`), h('span', {}),
      h('b', {}, 'asked'), h('span', { class: 'requested' }, seconds(image.RequestedTimeMs)),
      h('b', {}, 'frame'), h('span', { class: 'pts' }, seconds(image.PresentationTimeMs)),
      h('b', {}, 'Δ'), h('span', {}, delta(image.RequestedTimeMs, image.PresentationTimeMs) ?? '—')))));
  return title ? h('section', { class: 'card' }, h('h2', {}, title, h('span', { class: 'muted' }, ` · requested time, real presentation time of the frame, difference`)), grid) : grid;
}

function sheetView(sheet, sprite) {
  const cells = sprite.Cells.filter((c) => c.Sheet === sheet.Index);
  const pct = (v, of) => `${(v / of) * 100}%`;
  return h('div', { class: 'sheet', 'data-sheet': sheet.Index, style: { width: `${sprite.SheetWidth}px` } },
    h('img', { src: sheet.Url, alt: `Sprite sheet ${sheet.Index}`, width: sprite.SheetWidth, height: sprite.SheetHeight }),
    cells.map((cell) => {
      const text = `Cell ${cell.Cell} · sheet ${cell.Sheet}\nasked  ${seconds(cell.RequestedTimeMs)}\nframe  ${seconds(cell.PresentationTimeMs)}\nΔ      ${cell.PresentationTimeMs - cell.RequestedTimeMs} ms`;
      return h('div', {
        class: 'cell', 'data-cell': cell.Cell, 'data-pts': cell.PresentationTimeMs,
        style: { left: pct(cell.X, sprite.SheetWidth), top: pct(cell.Y, sprite.SheetHeight), width: pct(sprite.CellWidth, sprite.SheetWidth), height: pct(sprite.CellHeight, sprite.SheetHeight) },
        onmouseenter: (e) => showTip(e, text), onmousemove: (e) => showTip(e, text), onmouseleave: hideTip,
      }, h('span', {}, seconds(cell.PresentationTimeMs)));
    }));
}

function delivery(d, state, refresh) {
  const redeliver = async (event) => {
    event.target.disabled = true;
    try {
      await emulator(`/callbacks/${d.DeliveryId}/redeliver`, 'POST');
      state.feedback = h('div', { class: 'notice', id: 'redelivered' }, `Redelivery of ${d.EventId} queued (round ${d.Round + 1}).`);
    } catch (error) {
      state.feedback = errorBox(error);
    }
    refresh();
  };
  return h('div', { class: 'delivery', 'data-delivery': d.DeliveryId, 'data-status': d.Status },
    h('div', { class: 'row' }, pill(d.Status), h('span', { class: 'mono' }, d.Url), h('span', { class: 'muted' }, `round ${d.Round} · event ${d.EventId}`),
      h('button', { class: 'ghost redeliver', type: 'button', disabled: d.Status === 'Pending' || d.Status === 'NotSent', onclick: redeliver }, 'Redeliver')),
    d.Reason ? h('div', { class: 'notice' }, d.Reason) : null,
    d.Attempts.length ? h('div', { class: 'scroll' }, h('table', { class: 'attempts' },
      h('thead', {}, h('tr', {}, ['#', 'Round', 'Time', 'Status', 'Latency', 'Error'].map((c) => h('th', {}, c)))),
      h('tbody', {}, d.Attempts.map((a) => h('tr', { 'data-attempt': a.Number },
        h('td', {}, a.Number), h('td', {}, a.Round), h('td', {}, time(a.Time)),
        h('td', {}, a.StatusCode ? h('span', { class: a.Succeeded ? 's-ok' : 's-bad' }, a.StatusCode) : '—'),
        h('td', {}, `${a.LatencyMs} ms`), h('td', { class: 'mono' }, a.Error ?? '')))))) : h('div', { class: 'muted' }, 'No attempt yet.'));
}
