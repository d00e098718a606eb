// The console's two ways in: the vendor's RPC surface (the very calls an SDK makes) and the emulator's own JSON.
const root = new URL('..', location.href); // the console lives at <root>console/
let config;

/** A refused call: the vendor's Code and Message, or the emulator's refusal. */
export class CallError extends Error {
  constructor(code, message, requestId, status) {
    super(message);
    this.code = code;
    this.requestId = requestId;
    this.status = status;
  }
}

export async function consoleConfig() {
  if (!config) {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) throw new CallError('Console.Off', 'The console is turned off on this service.', null, response.status);
    config = await response.json();
  }
  return config;
}

/** POSTs one RPC action as a form, JSON answer; signed by the service first when the console runs with a key. */
export async function rpc(action, parameters = {}) {
  const { Access, ApiVersion } = await consoleConfig();
  let form = new URLSearchParams({ Action: action, Version: ApiVersion, Format: 'JSON' });
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') form.append(name, String(value));
  }
  if (Access === 'WithKey') {
    const signing = await fetch('sign', { method: 'POST', body: form });
    const signed = await signing.json();
    if (!signing.ok) throw new CallError('Console.Sign', signed.Message ?? 'The call could not be signed.', null, signing.status);
    form = new URLSearchParams();
    for (const p of signed.Parameters) form.append(p.Name, p.Value);
  }
  const response = await fetch(root, { method: 'POST', body: form });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { throw new CallError('InternalError', text || response.statusText, null, response.status); }
  if (!response.ok || json.Code) throw new CallError(json.Code ?? String(response.status), json.Message ?? '', json.RequestId, response.status);
  return json;
}

/** GET or POST on /_emulator/… (job states, images, the delivery log). */
export async function emulator(path, method = 'GET') {
  const response = await fetch(new URL('_emulator' + path, root), { method, cache: 'no-store' });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const detail = json.Message ?? json.title ?? (json.errors ? Object.values(json.errors).flat().join(' ') : response.statusText);
    throw new CallError(`HTTP ${response.status}`, detail, null, response.status);
  }
  return json;
}
