'use strict';

// Calls one VodSnapshot action with @alicloud/pop-core exactly as an application would: the client signs the call
// (signature v1) and the service verifies it. Prints one JSON line: {"result": ...} or {"error": {code, message,
// requestId}}; exits 0 on success, 2 when the service answered an error code, 1 when the call failed otherwise.
//
//   node call.js [Action] [JSON parameters]
//   node call.js GetVideoInfo '{"VideoId":"0123456789abcdef0123456789abcdef"}'
//
// Environment: VOD_ENDPOINT (default http://127.0.0.1:5080), VOD_ACCESS_KEY_ID, VOD_ACCESS_KEY_SECRET (one of the
// service's Security:AccessKeys), VOD_METHOD (GET, the default, or POST for a form body).

const RPCClient = require('@alicloud/pop-core');

const [action = 'GetVideoInfo', parametersJson = '{}'] = process.argv.slice(2);
const method = (process.env.VOD_METHOD || 'GET').toUpperCase();

async function main() {
  const client = new RPCClient({
    accessKeyId: process.env.VOD_ACCESS_KEY_ID,
    accessKeySecret: process.env.VOD_ACCESS_KEY_SECRET,
    endpoint: process.env.VOD_ENDPOINT || 'http://127.0.0.1:5080',
    apiVersion: '2017-03-21',
  });

  try {
    const result = await client.request(action, JSON.parse(parametersJson), { method, timeout: 10000 });
    console.log(JSON.stringify({ result }));
  } catch (err) {
    if (err.data && err.data.Code) {
      // The service's error envelope, as the vendor's Node samples read it.
      console.log(JSON.stringify({ error: { code: err.data.Code, message: err.data.Message, requestId: err.data.RequestId } }));
      process.exitCode = 2;
    } else {
      console.error(err.message);
      process.exitCode = 1;
    }
  }
}

main();
