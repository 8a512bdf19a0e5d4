// Fixture for the in-editor tests (test/e2e): a web process with a fixed port.
const http = require('http');

const server = http.createServer((req, res) => res.end(process.env.GREETING || 'hello'));

server.listen(3000);

process.on('SIGTERM', () => server.close(() => process.exit(0)));
