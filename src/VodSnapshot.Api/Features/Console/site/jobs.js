import { emulator } from './api.js';
import { elapsed, h, loading, mount, pill, shortId, time } from './ui.js';

const live = (job) => job.Status === 'Submitted' || job.Status === 'Running';

export function jobTable(jobs, showVideo = true) {
  if (jobs.length === 0) return h('div', { class: 'empty' }, 'No snapshot jobs yet. ', h('a', { href: '#/submit' }, 'Submit one'), '.');
  return h('div', { class: 'scroll' }, h('table', { id: 'jobs' },
    h('thead', {}, h('tr', {}, ['Job', showVideo ? 'Video' : null, 'Kind', 'Status', 'Frames', 'Submitted', 'Started', 'Completed', 'Took', 'Strategy', 'Runs'].filter(Boolean).map((c) => h('th', {}, c)))),
    h('tbody', {}, jobs.map((job) => h('tr', { 'data-job': job.JobId, 'data-status': job.Status },
      h('td', {}, h('a', { class: 'mono', href: `#/jobs/${job.JobId}` }, shortId(job.JobId))),
      showVideo ? h('td', {}, h('a', { class: 'mono', href: `#/videos/${job.VideoId}` }, shortId(job.VideoId))) : null,
      h('td', {}, job.Kind),
      h('td', {}, pill(job.Status), job.ErrorCode ? h('div', { class: 'mono s-bad' }, job.ErrorCode) : null),
      h('td', {}, job.Count),
      h('td', {}, time(job.CreationTime)),
      h('td', {}, time(job.StartTime)),
      h('td', {}, time(job.CompleteTime)),
      h('td', {}, live(job) ? h('span', { class: 's-run' }, elapsed(job.CreationTime), '…') : elapsed(job.StartTime ?? job.CreationTime, job.CompleteTime)),
      h('td', {}, job.Strategy ?? '—'),
      h('td', {}, job.Runs))))));
}

export async function jobsPage(main, _, signal) {
  mount(main, loading('Loading jobs'));
  const header = h('div', { class: 'head' }, h('div', {}, h('h1', {}, 'Jobs'), h('div', { class: 'muted', id: 'jobs-note' })),
    h('a', { class: 'button', href: '#/submit' }, 'New snapshot job'));
  const body = h('section', { class: 'card' });
  mount(main, header, body);
  // Live: the list is read again every second while a job is queued or running, every five seconds otherwise.
  let drawn = null;
  while (!signal.aborted) {
    const { Jobs } = await emulator('/jobs');
    if (signal.aborted) return;
    const running = Jobs.filter(live).length;
    if (running || JSON.stringify(Jobs) !== drawn) mount(body, jobTable(Jobs));
    drawn = JSON.stringify(Jobs);
    header.querySelector('#jobs-note').textContent = `${Jobs.length} newest · ${running ? `${running} in progress, updating live` : 'all finished'}`;
    await new Promise((resolve) => setTimeout(resolve, running ? 1000 : 5000));
  }
}
