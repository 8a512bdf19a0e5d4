'use strict';

const express = require('express');
const multer = require('multer');
const os = require('os');

const router = express.Router();
// expect: processes/no-local-uploads
const upload = multer({ dest: 'uploads/' });
// expect-none: processes
const scratch = multer({ dest: os.tmpdir(), limits: { fileSize: 5 * 1024 * 1024 } });

router.post('/product-image', upload.single('image'), (req, res) => {
  res.status(201).json({ path: req.file.path });
});

// CSV is parsed and discarded within the request: a temp file is fine.
router.post('/import', scratch.single('csv'), async (req, res) => {
  const rows = await require('../lib/csv').parseFile(req.file.path);
  res.json({ imported: rows.length });
});

module.exports = router;
