'use strict';

// One OSS operation with ali-oss, using an UploadAddress / UploadAuth pair exactly as CreateUploadVideo answered
// them (base64), to see what the upload endpoint answers. Prints {"result": ...} or {"error": {code, status,
// requestId}}; exits 0 either way when the endpoint answered, 1 when the call failed otherwise.
//
//   node oss-call.js <put|put-buffer|multipart|abort|head> <file> <UploadAddress> <UploadAuth>
//
// Environment, to try what the endpoint must refuse: OSS_KEY (another object key), OSS_SECRET (another secret),
// OSS_CONTENT_MD5 (a Content-MD5 header for put-buffer), OSS_PART_SIZE (bytes, multipart).

const fs = require('fs');
const OSS = require('ali-oss');

const [op, file, addressB64, authB64] = process.argv.slice(2);
const decode = b64 => JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));

async function main() {
  const address = decode(addressB64);
  const auth = decode(authB64);
  const key = process.env.OSS_KEY || address.FileName;
  const client = new OSS({
    endpoint: address.Endpoint,
    bucket: address.Bucket,
    accessKeyId: auth.AccessKeyId,
    accessKeySecret: process.env.OSS_SECRET || auth.AccessKeySecret,
    stsToken: auth.SecurityToken,
  });

  let result;
  switch (op) {
    case 'put':
      result = await client.put(key, file);
      break;
    case 'put-buffer': {
      const headers = process.env.OSS_CONTENT_MD5 ? { 'Content-MD5': process.env.OSS_CONTENT_MD5 } : {};
      result = await client.put(key, fs.readFileSync(file), { headers });
      break;
    }
    case 'multipart':
      result = await client.multipartUpload(key, file, { partSize: Number(process.env.OSS_PART_SIZE || 100 * 1024), parallel: 2 });
      break;
    case 'abort': {
      // Interrupted halfway: the first part is sent, then the upload is given up.
      const size = fs.statSync(file).size;
      const init = await client.initMultipartUpload(key);
      const part = await client.uploadPart(key, init.uploadId, 1, file, 0, Math.min(size, Math.ceil(size / 2)));
      await client.abortMultipartUpload(key, init.uploadId);
      let listed;
      try {
        await client.listParts(key, init.uploadId);
        listed = 'still listed';
      } catch (err) {
        listed = err.code;
      }
      result = { res: { status: 204, headers: { etag: part.etag } }, uploadId: init.uploadId, afterAbort: listed };
      break;
    }
    case 'head':
      result = await client.head(key);
      break;
    default:
      throw new Error(`unknown operation ${op}`);
  }

  const { res } = result;
  console.log(JSON.stringify({ result: { status: res.status, etag: res.headers.etag, size: res.headers['content-length'], objectType: res.headers['x-oss-object-type'], uploadId: result.uploadId, afterAbort: result.afterAbort } }));
}

main().catch(err => {
  if (err.status) {
    console.log(JSON.stringify({ error: { code: err.code, status: err.status, requestId: err.requestId, message: err.message } }));
  } else {
    console.error(err.stack || err.message);
    process.exitCode = 1;
  }
});
