// Draws images/icon.png (128x128): the twelve factors as a 4x3 grid of tiles, eleven clean
// and one flagged, on a dark rounded square. No dependencies: shapes are rendered with 4x4
// supersampling and written as an RGBA PNG with node:zlib. Run: node images/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SS = 4; // samples per pixel per axis

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const BG_TOP = hex('#23344d');
const BG_BOTTOM = hex('#141d2b');
const CLEAN = hex('#3ec28f');
const FLAGGED = hex('#f5b83d');

/** Inside a rounded rectangle (x, y, w, h, r)? */
function inRoundRect(px, py, x, y, w, h, r) {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

const tiles = [];
const TILE = 21;
const GAP = 6;
const x0 = (SIZE - (4 * TILE + 3 * GAP)) / 2;
const y0 = (SIZE - (3 * TILE + 2 * GAP)) / 2;
for (let row = 0; row < 3; row++) {
  for (let col = 0; col < 4; col++) {
    const flagged = row === 1 && col === 2; // one factor with a finding
    tiles.push({ x: x0 + col * (TILE + GAP), y: y0 + row * (TILE + GAP), color: flagged ? FLAGGED : CLEAN });
  }
}

/** Colour (RGBA, premultiplied-free) of one sample point. */
function sample(px, py) {
  if (!inRoundRect(px, py, 2, 2, SIZE - 4, SIZE - 4, 24)) return [0, 0, 0, 0];
  for (const t of tiles) {
    if (inRoundRect(px, py, t.x, t.y, TILE, TILE, 5)) return [...t.color, 255];
  }
  const k = py / SIZE;
  return [...BG_TOP.map((c, i) => Math.round(c + (BG_BOTTOM[i] - c) * k)), 255];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const [cr, cg, cb, ca] = sample(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
      }
    }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = a ? Math.round(r / a) : 0;
    raw[o + 1] = a ? Math.round(g / a) : 0;
    raw[o + 2] = a ? Math.round(b / a) : 0;
    raw[o + 3] = Math.round(a / (SS * SS));
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = fileURLToPath(new URL('icon.png', import.meta.url));
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
