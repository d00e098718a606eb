// Small DOM helpers: elements are built, never parsed from text, so titles and URLs from the service stay inert.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (name === 'style' && typeof value === 'object') Object.assign(element.style, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function mount(target, ...children) {
  target.replaceChildren();
  append(target, children);
}

export function errorBox(error) {
  return h('div', { class: 'error', role: 'alert' },
    h('span', { class: 'code' }, error.code ?? 'Error'),
    h('span', { class: 'message' }, error.message),
    error.requestId ? h('div', { class: 'muted mono' }, 'RequestId ', error.requestId) : null);
}

const statusClass = {
  Succeeded: 's-ok', Delivered: 's-ok', Normal: 's-ok', UploadSucc: 's-ok', success: 's-ok',
  Failed: 's-bad', UploadFail: 's-bad', TranscodeFail: 's-bad', Blocked: 's-bad', NotSent: 's-wait',
  Running: 's-run', Pending: 's-run', Uploading: 's-run', Transcoding: 's-run', Submitted: 's-wait', Checking: 's-wait',
};

export const pill = (status) => h('span', { class: `pill ${statusClass[status] ?? 'plain'}`, 'data-status': status }, status);

export function seconds(ms) {
  return ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(3)} s`;
}

export function duration(totalSeconds) {
  if (totalSeconds === null || totalSeconds === undefined || totalSeconds === '') return '—';
  const s = Math.round(Number(totalSeconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = Number(n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function elapsed(from, to) {
  if (!from) return '—';
  const ms = (to ? new Date(to) : new Date()) - new Date(from);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export const shortId = (id) => (id ? `${id.slice(0, 8)}…` : '—');

export function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.filter(([, v]) => v !== undefined).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v === null || v === '' ? '—' : v)]));
}

export function loading(text = 'Loading') {
  return h('div', { class: 'muted' }, h('span', { class: 'spin' }), ' ', text, '…');
}

/** The floating tooltip: shown beside the pointer with the given lines. */
export function showTip(event, text) {
  const tip = document.getElementById('tip');
  tip.textContent = text;
  tip.hidden = false;
  const x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
  const y = Math.min(event.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
  tip.style.left = `${x}px`;
  tip.style.top = `${y}px`;
}

export function hideTip() {
  document.getElementById('tip').hidden = true;
}
