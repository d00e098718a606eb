'use strict';

// Preloaded into samples/tea-client/call.js by TeaClientTests (node --require): changes what the real client does
// on the wire AFTER it has signed the request, or the clock it signs with, as an attacker or a broken machine would.
// Only Node built-ins, so it needs no installed package. VOD_WIRE selects one:
//   query   a parameter is appended to the query string
//   body    one byte of the body is changed (same length)
//   replay  the signed request is sent twice; the client sees the second answer
//   clock   the client's clock runs 20 minutes behind

const http = require('http');

const mode = process.env.VOD_WIRE;
const send = http.request;

if (mode === 'clock') {
  const RealDate = Date;
  const skew = -20 * 60 * 1000;
  global.Date = class extends RealDate {
    constructor(...args) {
      super(...(args.length === 0 ? [RealDate.now() + skew] : args));
    }

    static now() {
      return RealDate.now() + skew;
    }
  };
} else if (mode) {
  http.request = function request(options, callback) {
    if (mode === 'query') {
      options = { ...options, path: options.path + (options.path.includes('?') ? '&' : '?') + 'Added=after-signing' };
    }

    const req = send.call(this, options, callback);
    const chunks = [];
    const write = req.write.bind(req);
    const end = req.end.bind(req);
    req.write = (chunk, ...rest) => {
      chunks.push(Buffer.from(chunk));
      return typeof rest[rest.length - 1] === 'function' ? rest[rest.length - 1]() || true : true;
    };
    req.end = (chunk, ...rest) => {
      if (chunk != null && typeof chunk !== 'function') {
        chunks.push(Buffer.from(chunk));
      }
      let body = Buffer.concat(chunks);
      if (mode === 'body') {
        if (body.length === 0) {
          throw new Error('VOD_WIRE=body needs a call with a body');
        }
        body = Buffer.from(body);
        body[body.length - 1] = body[body.length - 1] === 0x31 ? 0x32 : 0x31;
      }
      const deliver = () => {
        if (body.length > 0) {
          write(body);
        }
        end();
      };
      if (mode !== 'replay') {
        deliver();
        return req;
      }
      // The first copy goes out and its answer is read to the end; then the identical bytes go out again.
      const first = send.call(http, { ...options, agent: false }, (response) => {
        response.resume();
        response.on('end', deliver);
      });
      first.on('error', (error) => req.destroy(error));
      first.end(body);
      return req;
    };
    return req;
  };
}
