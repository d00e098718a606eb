'use strict';

// The vendor's upload-then-snapshot flow, written as for the real service, with its official Node clients:
//   1. CreateUploadVideo (@alicloud/pop-core) answers a VideoId and base64 UploadAddress / UploadAuth;
//   2. ali-oss uploads the file with the decoded Endpoint, Bucket, FileName and temporary credentials
//      (simple put, or multipart with --multipart); refreshSTSToken calls RefreshUploadVideo when they run out;
//   3. GetVideoInfo is polled until the upload is analysed (status Normal);
//   4. SubmitSnapshotJob takes snapshots; the SnapshotComplete callback goes to VOD_CALLBACK_URL (or the global one).
// Prints one JSON line per step, the last one {"result": {...}}; exits 0 on success, 1 otherwise.
//
//   node upload.js <video file> [--multipart]
//
// Environment: VOD_ENDPOINT (default http://127.0.0.1:5080), VOD_ACCESS_KEY_ID, VOD_ACCESS_KEY_SECRET,
// VOD_CALLBACK_URL (optional: where this video's events and its snapshot callback go), VOD_PART_SIZE (bytes, multipart).

const fs = require('fs');
const path = require('path');
const RPCClient = require('@alicloud/pop-core');
const OSS = require('ali-oss');

const args = process.argv.slice(2);
const file = args.find(a => !a.startsWith('--'));
const multipart = args.includes('--multipart');

const vod = new RPCClient({
  accessKeyId: process.env.VOD_ACCESS_KEY_ID || 'anonymous',
  accessKeySecret: process.env.VOD_ACCESS_KEY_SECRET || 'anonymous',
  endpoint: process.env.VOD_ENDPOINT || 'http://127.0.0.1:5080',
  apiVersion: '2017-03-21',
});

const call = (action, params) => vod.request(action, params, { method: 'POST', timeout: 10000 });
const decode = b64 => JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
const print = line => console.log(JSON.stringify(line));
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function main() {
  if (!file || !fs.existsSync(file)) {
    throw new Error('usage: node upload.js <video file> [--multipart]');
  }

  const userData = process.env.VOD_CALLBACK_URL
    ? JSON.stringify({ MessageCallback: { CallbackURL: process.env.VOD_CALLBACK_URL }, Extend: { sample: 'vod-upload' } })
    : undefined;
  const withUserData = params => (userData ? { ...params, UserData: userData } : params);
  const created = await call('CreateUploadVideo', withUserData({ Title: path.basename(file), FileName: path.basename(file), FileSize: fs.statSync(file).size }));
  const videoId = created.VideoId;
  const address = decode(created.UploadAddress);
  const auth = decode(created.UploadAuth);
  print({ step: 'CreateUploadVideo', VideoId: videoId, Endpoint: address.Endpoint, Bucket: address.Bucket, FileName: address.FileName });

  // As the vendor's samples build the OSS client: no region, the Endpoint as handed out.
  const oss = new OSS({
    endpoint: address.Endpoint,
    bucket: address.Bucket,
    accessKeyId: auth.AccessKeyId,
    accessKeySecret: auth.AccessKeySecret,
    stsToken: auth.SecurityToken,
    refreshSTSToken: async () => {
      const refreshed = decode((await call('RefreshUploadVideo', { VideoId: videoId })).UploadAuth);
      return { accessKeyId: refreshed.AccessKeyId, accessKeySecret: refreshed.AccessKeySecret, stsToken: refreshed.SecurityToken };
    },
    refreshSTSTokenInterval: 2500 * 1000,
  });

  const uploaded = multipart
    ? await oss.multipartUpload(address.FileName, file, { partSize: Number(process.env.VOD_PART_SIZE || 1024 * 1024), parallel: 3 })
    : await oss.put(address.FileName, file);
  const etag = uploaded.res.headers.etag;
  print({ step: multipart ? 'multipartUpload' : 'put', status: uploaded.res.status, ETag: etag });

  let video;
  for (let i = 0; i < 240; i++) {
    video = (await call('GetVideoInfo', { VideoId: videoId })).Video;
    if (video.Status !== 'Uploading' && video.Status !== 'UploadSucc') break;
    await sleep(250);
  }
  print({ step: 'GetVideoInfo', Status: video.Status, Duration: video.Duration, Size: video.Size });
  if (video.Status !== 'Normal') {
    throw new Error(`the upload ended as ${video.Status}`);
  }

  const job = await call('SubmitSnapshotJob', withUserData({ VideoId: videoId, SpecifiedOffsetTime: 0, Count: 3, Interval: 1 }));
  print({ result: { VideoId: videoId, FileName: address.FileName, ETag: etag, Status: video.Status, Size: video.Size, JobId: job.SnapshotJob.JobId } });
}

main().catch(err => {
  console.log(JSON.stringify({ error: { code: err.code || (err.data && err.data.Code), message: err.message, status: err.status } }));
  process.exitCode = 1;
});
