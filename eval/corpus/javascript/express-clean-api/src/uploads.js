'use strict';

const express = require('express');
const multer = require('multer');
const { S3Client } = require('@aws-sdk/client-s3');
const { Upload } = require('@aws-sdk/lib-storage');
const { v5: uuidv5 } = require('uuid');
const config = require('./config');

const router = express.Router();
const s3 = new S3Client({ region: config.region });
// Kept in memory for the length of the request, then streamed to S3.
// expect-none: processes
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 8 * 1024 * 1024 } });
// expect-none: processes
const ALLOWED_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

router.post('/', upload.single('file'), async (req, res) => {
  // expect-none: *
  if (!ALLOWED_TYPES.has(req.file.mimetype)) return res.status(415).json({ error: 'unsupported type' });
  const key = `uploads/${uuidv5(req.file.originalname, config.idNamespace)}`;
  // expect-none: processes
  await new Upload({ client: s3, params: { Bucket: config.bucket, Key: key, Body: req.file.buffer } }).done();
  res.status(201).json({ key });
});

module.exports = router;
