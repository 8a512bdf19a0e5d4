<?php

require dirname(__DIR__).'/vendor/autoload.php';

use App\Service\Infrastructure;

// ext-redis is not required in composer.json
// expect: dependencies/no-undeclared-import
$redis = new Redis();
// expect-none: *
$redis->connect(parse_url(getenv('REDIS_URL') ?: 'redis://127.0.0.1:6379', PHP_URL_HOST));
$log = Infrastructure::logger();

// expect: disposability/no-sigterm-handler
while (true) {
    $job = $redis->brPop(['shop:orders'], 30);
    if (!$job) {
        continue;
    }
    $order = json_decode($job[1], true);
    $log->info('fulfilling order', ['id' => $order['id']]);
}
