<?php

require __DIR__ . '/../vendor/autoload.php';

use Api\Settings;

$running = true;
// expect-none: disposability
pcntl_signal(SIGTERM, function () use (&$running) { $running = false; });
pcntl_async_signals(true);

$log = Settings::logger();
// expect-none: *
$redis = new Predis\Client(getenv('REDIS_URL') ?: 'tcp://127.0.0.1:6379');

while ($running) {
    $job = $redis->brpop(['api:jobs'], 5);
    if ($job === null) {
        continue;
    }
    $log->info('processing job', ['payload' => $job[1]]);
}
