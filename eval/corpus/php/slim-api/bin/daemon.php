<?php

// Legacy launcher kept for the old VM hosts.
$pid = pcntl_fork();
if ($pid > 0) {
    exit(0);
}
// expect: concurrency/no-daemonize
posix_setsid();
// expect: concurrency/no-daemonize
file_put_contents('/var/run/slim-worker.pid', (string) getmypid());

require __DIR__ . '/worker.php';
