'use strict';

// Calls one VodSnapshot action exactly as the generated VOD SDK for Node does (@alicloud/vod20170321 and its
// predecessors): Client.callApi with the SDK's Params, every parameter in the query, on the OpenAPI client's
// DEFAULT path, which signs with signature V3 (ACS3-HMAC-SHA256). Prints one JSON line: {"result": body} or
// {"error": {code, statusCode, message, requestId}}; exits 0 on success, 2 when the service answered an error code,
// 1 when the call failed otherwise.
//
//   node call.js [Action] [JSON query parameters] [JSON form-body parameters]
//   node call.js GetVideoInfo '{"VideoId":"0123456789abcdef0123456789abcdef"}'
//
// Environment:
//   VOD_ENDPOINT   host:port of the service, WITHOUT a scheme or trailing slash (default 127.0.0.1:5080)
//   VOD_CLIENT     openapi-core (default; what today's @alicloud/vod20170321 imports) or openapi-client
//   VOD_ACCESS_KEY_ID, VOD_ACCESS_KEY_SECRET
//                  a key the service accepts (default: the service's documented development key)
//   VOD_SIGNATURE_ALGORITHM
//                  unset for the default (V3); 'v2' sends signature v1 as the Java/C#/PHP SDKs do

const [action = 'GetVideoInfo', queryJson = '{}', bodyJson] = process.argv.slice(2);
const clientName = process.env.VOD_CLIENT || 'openapi-core';

function sdk() {
  if (clientName === 'openapi-client') {
    const OpenApi = require('@alicloud/openapi-client');
    const OpenApiUtil = require('@alicloud/openapi-util').default;
    const Util = require('@alicloud/tea-util');
    return { Client: OpenApi.default, $: OpenApi, query: OpenApiUtil.query, runtime: () => new Util.RuntimeOptions({}) };
  }
  if (clientName === 'openapi-core') {
    const OpenApi = require('@alicloud/openapi-core');
    const dara = require('@darabonba/typescript');
    return { Client: OpenApi.default, $: OpenApi.$OpenApiUtil, query: OpenApi.OpenApiUtil.query, runtime: () => new dara.RuntimeOptions({}) };
  }
  throw new Error(`VOD_CLIENT must be openapi-core or openapi-client, not ${clientName}`);
}

async function main() {
  const { Client, $, query, runtime } = sdk();
  const client = new Client(new $.Config({
    accessKeyId: process.env.VOD_ACCESS_KEY_ID || 'LTAIVodSnapshotDevKey',
    accessKeySecret: process.env.VOD_ACCESS_KEY_SECRET || 'VodSnapshotDevSecretNotForSharedUse',
    // host:port only: a scheme here ('http://…') or a trailing '/' makes the client build a broken URL.
    endpoint: process.env.VOD_ENDPOINT || '127.0.0.1:5080',
    // The generated SDK's Params say HTTPS; the service speaks plain HTTP, so the config must say so.
    protocol: 'http',
    signatureAlgorithm: process.env.VOD_SIGNATURE_ALGORITHM || undefined,
    readTimeout: 20000,
    connectTimeout: 5000,
  }));

  // The generated SDK's call shape, as in e.g. getVideoInfoWithOptions.
  const request = new $.OpenApiRequest({ query: query(JSON.parse(queryJson)) });
  if (bodyJson) {
    request.body = JSON.parse(bodyJson);
  }
  const params = new $.Params({
    action,
    version: '2017-03-21',
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });

  try {
    const response = await client.callApi(params, request, runtime());
    console.log(JSON.stringify({ result: response.body }));
  } catch (err) {
    if (err.code && err.statusCode) {
      // The client's own typed error (ClientError / ServerError / ThrottlingError), as SDK users catch it.
      console.log(JSON.stringify({
        error: { name: err.name, code: err.code, statusCode: err.statusCode, message: err.message, requestId: err.data && err.data.RequestId },
      }));
      process.exitCode = 2;
    } else {
      console.error(err.stack || String(err));
      process.exitCode = 1;
    }
  }
}

main();
