// Hash routes: #/videos, #/videos/<VideoId>, #/jobs, #/jobs/<JobId>, #/submit, #/templates, #/callbacks.
import { consoleConfig } from './api.js';
import { errorBox, h, mount } from './ui.js';
import { videosPage, videoPage } from './videos.js';
import { jobsPage } from './jobs.js';
import { jobPage } from './job.js';
import { submitPage, templatesPage } from './forms.js';
import { callbacksPage } from './callbacks.js';

const routes = [
  [/^#\/videos\/([0-9a-f]{32})$/, videoPage, 'videos'],
  [/^#\/videos$/, videosPage, 'videos'],
  [/^#\/jobs\/([0-9a-f]{32})$/, jobPage, 'jobs'],
  [/^#\/jobs$/, jobsPage, 'jobs'],
  [/^#\/submit(?:\?(.*))?$/, submitPage, 'submit'],
  [/^#\/templates$/, templatesPage, 'templates'],
  [/^#\/callbacks$/, callbacksPage, 'callbacks'],
];

let current = null;

async function route() {
  current?.abort();
  const alive = new AbortController();
  current = alive;
  const hash = location.hash || '#/videos';
  const main = document.getElementById('page');
  const match = routes.map(([pattern, page, section]) => [hash.match(pattern), page, section]).find(([m]) => m);
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', link.dataset.section === match?.[2]);
  if (!match) {
    mount(main, h('div', { class: 'empty' }, 'Nothing here. ', h('a', { href: '#/videos' }, 'Back to the videos')));
    return;
  }
  const [m, page] = match;
  window.scrollTo(0, 0);
  try {
    await page(main, m.slice(1), alive.signal);
  } catch (error) {
    if (!alive.signal.aborted) mount(main, errorBox(error));
  }
}

function theme() {
  const saved = localStorage.getItem('vodsnapshot-theme');
  if (saved) document.documentElement.dataset.theme = saved;
  document.getElementById('theme').addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme
      ? document.documentElement.dataset.theme === 'dark'
      : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.dataset.theme = dark ? 'light' : 'dark';
    localStorage.setItem('vodsnapshot-theme', document.documentElement.dataset.theme);
  });
}

async function access() {
  const badge = document.getElementById('access');
  try {
    const { Access, AccessKeyId } = await consoleConfig();
    badge.textContent = Access === 'WithKey' ? `signed as ${AccessKeyId}` : 'anonymous calls';
  } catch (error) {
    badge.textContent = error.message;
  }
}

theme();
access();
window.addEventListener('hashchange', route);
route();
