import { emulator, rpc } from './api.js';
import { bytes, duration, errorBox, h, kv, loading, mount, pill, seconds, time } from './ui.js';
import { jobTable } from './jobs.js';

export async function videosPage(main) {
  mount(main, loading('Loading videos'));
  const list = await rpc('GetVideoList', { PageSize: 100 });
  const videos = list.VideoList?.Video ?? [];
  mount(main,
    h('div', { class: 'head' },
      h('div', {}, h('h1', {}, 'Videos'), h('div', { class: 'muted' }, `${list.Total} in the library · GetVideoList`))),
    videos.length === 0
      ? h('div', { class: 'empty' }, 'No videos yet. Register one with RegisterMedia or upload one to /uploads (see the README).')
      : h('div', { class: 'grid', id: 'videos' }, videos.map(videoTile)));
}

function videoTile(video) {
  return h('a', { class: 'tile video', href: `#/videos/${video.VideoId}`, 'data-video': video.VideoId },
    h('div', { class: 'thumb' }, video.CoverURL
      ? h('img', { src: video.CoverURL, alt: '', loading: 'lazy' })
      : h('span', { class: 'initial' }, (video.Title ?? '?').trim().charAt(0).toUpperCase() || '?')),
    h('div', { class: 'body' },
      h('div', { class: 'title', title: video.Title }, video.Title),
      h('div', { class: 'meta' }, pill(video.Status), h('span', {}, duration(video.Duration)), h('span', {}, bytes(video.Size)))));
}

export async function videoPage(main, [videoId], signal) {
  mount(main, loading('Loading the video'));
  const [info, play, jobs] = await Promise.all([
    rpc('GetVideoInfo', { VideoId: videoId }),
    rpc('GetPlayInfo', { VideoId: videoId }).catch((error) => error),
    emulator(`/jobs?videoId=${videoId}`),
  ]);
  const video = info.Video;
  const vttJob = jobs.Jobs.find((j) => j.Kind === 'WebVtt' && j.Status === 'Succeeded');
  const track = vttJob ? (await emulator(`/jobs/${vttJob.JobId}/images`)).Images.find((i) => i.Type === 'WebVttSnapshot') : null;

  const actions = h('div', { class: 'row' },
    h('a', { class: 'button', href: `#/submit?video=${videoId}` }, 'New snapshot job'),
    video.Status !== 'Normal' ? h('button', { class: 'ghost', type: 'button', id: 'approve', onclick: approve }, 'Approve for playback (CreateAudit)') : null);
  const feedback = h('div');

  async function approve() {
    try {
      await rpc('CreateAudit', { AuditContent: JSON.stringify([{ VideoId: videoId, Status: 'Normal' }]) });
      await videoPage(main, [videoId], signal);
    } catch (error) {
      mount(feedback, errorBox(error));
    }
  }

  mount(main,
    h('div', { class: 'head' },
      h('div', {}, h('h1', {}, video.Title), h('div', { class: 'meta' }, pill(video.Status), h('span', { class: 'mono' }, video.VideoId))),
      actions),
    feedback,
    h('div', { class: 'cols' },
      h('section', { class: 'card player' }, h('h2', {}, 'Playback'),
        play instanceof Error ? [errorBox(play), h('div', { class: 'muted' }, 'GetPlayInfo answers a PlayURL once the video is Normal.')] : player(play, track)),
      h('section', { class: 'card' }, h('h2', {}, 'Metadata · GetVideoInfo'), kv([
        ['Duration', duration(video.Duration)], ['Size', bytes(video.Size)],
        ['Resolution', video.Width ? `${video.Width}×${video.Height}` : null], ['Frame rate', video.Fps ? `${video.Fps} fps` : null],
        ['Created', time(video.CreationTime)], ['Modified', time(video.ModificationTime)],
        ['Description', video.Description ?? null], ['Tags', video.Tags ?? null], ['Cover', video.CoverURL ? h('a', { href: video.CoverURL }, 'CoverURL') : null],
        ['Storage', `${video.StorageLocation} · ${video.StorageClass}`], ['Template group', video.TemplateGroupId],
      ]))),
    h('section', { class: 'card' }, h('h2', {}, 'Snapshot jobs'), jobTable(jobs.Jobs, false)));
}

function player(play, track) {
  const stream = play.PlayInfoList?.PlayInfo?.[0];
  if (!stream) return h('div', { class: 'empty' }, 'No stream.');
  const video = h('video', { id: 'player', src: stream.PlayURL, preload: 'metadata', controls: true, playsinline: true, muted: true });
  const seek = h('input', { type: 'range', id: 'seek', min: 0, max: Number(stream.Duration) || 0, step: 0.01, value: 0, 'aria-label': 'Seek' });
  const preview = h('div', { class: 'preview', id: 'preview', hidden: true }, h('div', { class: 'pic' }), h('div', { class: 'at' }));
  let cues = [];
  if (track) {
    const element = h('track', { kind: 'metadata', src: track.Url, default: true });
    video.append(element);
    element.track.mode = 'hidden';
    element.addEventListener('load', () => { cues = [...element.track.cues]; seek.dataset.cues = String(cues.length); });
  }
  video.addEventListener('loadedmetadata', () => { seek.max = video.duration; });
  video.addEventListener('timeupdate', () => { if (!seek.matches(':active')) seek.value = video.currentTime; });
  seek.addEventListener('input', () => { video.currentTime = Number(seek.value); });
  seek.addEventListener('pointermove', (event) => {
    const box = seek.getBoundingClientRect();
    const at = Math.max(0, Math.min(1, (event.clientX - box.left) / box.width)) * Number(seek.max);
    const cue = cues.find((c) => at >= c.startTime && at < c.endTime);
    if (!cue) { preview.hidden = true; return; }
    const [url, fragment] = cue.text.trim().split('#xywh=');
    const [x, y, w, hgt] = fragment ? fragment.split(',').map(Number) : [0, 0, 160, 90];
    const pic = preview.firstChild;
    Object.assign(pic.style, {
      width: `${w}px`, height: `${hgt}px`, backgroundImage: `url("${new URL(url, track.Url)}")`,
      backgroundPosition: fragment ? `-${x}px -${y}px` : 'center', backgroundSize: fragment ? 'auto' : 'cover',
    });
    preview.lastChild.textContent = seconds(at * 1000);
    preview.style.left = `${event.clientX - box.left}px`;
    preview.hidden = false;
  });
  seek.addEventListener('pointerleave', () => { preview.hidden = true; });
  return [video,
    h('div', { class: 'seek' }, preview, seek),
    h('div', { class: 'meta' },
      h('span', {}, `${stream.Format} · ${stream.Definition} · ${stream.Width}×${stream.Height}`),
      track ? h('a', { href: track.Url, id: 'vtt' }, 'WebVTT thumbnail track') : h('span', {}, 'No WebVTT job yet: hover previews come with one.'))];
}
