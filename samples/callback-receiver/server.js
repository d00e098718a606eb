// A small receiver for VodSnapshot's SnapshotComplete callbacks that checks both signatures and drops duplicates.
// No dependencies: Node 18 or later. See README.md beside this file.
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');

const authKey = process.env.AUTH_KEY || '';
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 9000);
// The URL the service calls may differ from what this process sees behind a proxy; the vendor signs the former.
const publicBaseUrl = (process.env.PUBLIC_BASE_URL || '').replace(/\/$/, '');
const maxSkewSeconds = Number(process.env.MAX_SKEW_SECONDS || 300);
const maxBodyBytes = 1024 * 1024;

// Deliveries are at least once: the same EventId can arrive again (a retry whose answer was lost, a redelivery).
const seenEventIds = new Set();

function sameText(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Checks the vendor's X-VOD-SIGNATURE and the body signature X-VodSnapshot-Signature; answers why not, or null. */
function verify(url, headers, body) {
  const timestamp = headers['x-vod-timestamp'] || '';
  if (!/^\d{10}$/.test(timestamp)) {
    return 'X-VOD-TIMESTAMP is missing or not 10 digits';
  }

  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > maxSkewSeconds) {
    return 'X-VOD-TIMESTAMP is too far from now';
  }

  // The vendor's scheme: md5(url|timestamp|key). It covers the URL and the time, not the body.
  const vendor = crypto.createHash('md5').update(`${url}|${timestamp}|${authKey}`).digest('hex');
  if (!sameText(vendor, headers['x-vod-signature'] || '')) {
    return 'X-VOD-SIGNATURE does not match';
  }

  // VodSnapshot's addition: t=<timestamp>,v1=<hex HMAC-SHA256(key, timestamp + "." + raw body)>.
  const parts = Object.fromEntries(String(headers['x-vodsnapshot-signature'] || '')
    .split(',')
    .map((part) => part.split('=', 2).map((s) => s.trim())));
  if (parts.t !== timestamp) {
    return 'X-VodSnapshot-Signature is missing or signs another timestamp';
  }

  const mac = crypto.createHmac('sha256', authKey).update(`${timestamp}.`).update(body).digest('hex');
  return sameText(mac, parts.v1 || '') ? null : 'X-VodSnapshot-Signature does not match the body';
}

function answer(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

const server = http.createServer((request, response) => {
  if (request.method !== 'POST') {
    answer(response, 405, 'POST only');
    return;
  }

  const chunks = [];
  let size = 0;
  request.on('data', (chunk) => {
    size += chunk.length;
    if (size > maxBodyBytes) {
      answer(response, 413, 'too large');
      request.destroy();
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (response.writableEnded) {
      return;
    }

    const body = Buffer.concat(chunks);
    const url = (publicBaseUrl || `http://${request.headers.host}`) + request.url;
    if (authKey) {
      const problem = verify(url, request.headers, body);
      if (problem) {
        console.log(JSON.stringify({ rejected: problem, url }));
        answer(response, 401, problem);
        return;
      }
    }

    let event;
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch {
      answer(response, 400, 'not JSON');
      return;
    }

    const eventId = event.EventId || request.headers['x-vodsnapshot-event-id'];
    const duplicate = seenEventIds.has(eventId);
    seenEventIds.add(eventId);
    console.log(JSON.stringify({
      verified: Boolean(authKey), duplicate, EventId: eventId, JobId: event.JobId, VideoId: event.VideoId,
      Status: event.Status, ErrorCode: event.ErrorCode,
    }));
    // Only 200 counts as received; a duplicate is acknowledged too, or it would be sent again.
    answer(response, 200, 'ok');
  });
});

server.listen(port, host, () => {
  const address = server.address();
  console.log(`listening on http://${host}:${address.port}${authKey ? '' : ' (AUTH_KEY not set: signatures are not checked)'}`);
});
