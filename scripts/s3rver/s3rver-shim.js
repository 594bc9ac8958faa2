#!/usr/bin/env node
// s3rver 3.7.1 launcher used by scripts/test.sh, with fixes for AWS SDK for .NET v4 clients:
//  1. Decodes `aws-chunked` request bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER],
//     STREAMING-UNSIGNED-PAYLOAD-TRAILER). s3rver 3.7.1 stores the raw chunk framing otherwise.
//  2. Un-escapes %2F in x-amz-copy-source (SDK v4 encodes the whole "bucket/key"; s3rver uses decodeURI).
//  3. ListObjectsV2 continuation tokens use DES -> needs `node --openssl-legacy-provider` (Node >= 17).
// s3rver is resolved from ./node_modules (installed by `npm ci` from the committed package-lock.json).
// Usage: node --openssl-legacy-provider s3rver-shim.js <dataDir> [port] [address]
'use strict';
const path = require('path');
const { Transform } = require('stream');

let S3rver;
try {
  S3rver = require(require.resolve('s3rver', { paths: [__dirname] }));
} catch (e) {
  console.error(`s3rver not found under ${path.join(__dirname, 'node_modules')}; run "npm ci" in ${__dirname}`);
  process.exit(2);
}

class AwsChunkedDecoder extends Transform {
  constructor() { super(); this.buf = Buffer.alloc(0); this.remaining = -1; this.needCrlf = false; this.done = false; }
  _transform(chunk, _enc, cb) {
    if (this.done) return cb();
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.needCrlf) { if (this.buf.length < 2) break; this.buf = this.buf.subarray(2); this.needCrlf = false; }
      if (this.remaining < 0) {
        const i = this.buf.indexOf('\r\n');
        if (i < 0) break;
        const line = this.buf.subarray(0, i).toString('latin1');
        this.buf = this.buf.subarray(i + 2);
        const size = parseInt(line.split(';')[0], 16);
        if (Number.isNaN(size)) return cb(new Error('bad aws-chunked chunk header: ' + line.slice(0, 80)));
        if (size === 0) { this.done = true; this.buf = Buffer.alloc(0); break; } // trailers (checksums) ignored
        this.remaining = size;
      }
      if (this.buf.length === 0) break;
      const n = Math.min(this.remaining, this.buf.length);
      this.push(this.buf.subarray(0, n));
      this.buf = this.buf.subarray(n);
      this.remaining -= n;
      if (this.remaining === 0) { this.remaining = -1; this.needCrlf = true; } else break;
    }
    cb();
  }
}

const [dir = path.resolve('s3data'), port = '4569', address = '127.0.0.1'] = process.argv.slice(2);
const server = new S3rver({ directory: dir, port: Number(port), address, silent: process.env.S3RVER_SILENT === '1', vhostBuckets: false });
server.middleware.unshift(async (ctx, next) => {
  const h = ctx.req.headers;
  const sha = h['x-amz-content-sha256'] || '';
  const enc = (h['content-encoding'] || '').split(',').map(s => s.trim()).filter(Boolean);
  if (sha.startsWith('STREAMING-') || enc.includes('aws-chunked')) {
    if (h['x-amz-decoded-content-length']) h['content-length'] = h['x-amz-decoded-content-length'];
    const rest = enc.filter(e => e !== 'aws-chunked');
    if (rest.length) h['content-encoding'] = rest.join(','); else delete h['content-encoding'];
    ctx.req = ctx.req.pipe(new AwsChunkedDecoder()); // s3rver reads bodies from ctx.req; headers come from ctx.request.req
  }
  if (h['x-amz-copy-source']) h['x-amz-copy-source'] = h['x-amz-copy-source'].replace(/%2F/gi, '/');
  await next();
});
server.run((err, { address: a, port: p } = {}) => {
  if (err) { console.error(err); process.exit(1); }
  console.log(`s3rver (shim) listening on ${a}:${p}, data ${dir}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
