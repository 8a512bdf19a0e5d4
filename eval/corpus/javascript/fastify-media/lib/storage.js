const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

// expect-none: *
const s3 = new S3Client({ region: process.env.AWS_REGION || 'eu-west-1' });
// expect: config/no-hardcoded-url | backing-services/no-fixed-host
const BUCKET = 'acme-media-library-prod';

async function put(key, body) {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return key;
}

module.exports = { put };
