<?php

namespace Api;

use Monolog\Handler\RotatingFileHandler;
use Monolog\Logger;
use Predis\Client;

final class Settings
{
    // expect: config/no-hardcoded-secret
    public const JWT_SECRET = 'p9Hk2vLx7QmZ4rTw8bNc3Ys6Jd1Fg0Ae';
    // expect-none: *
    public const JWT_LEEWAY_SECONDS = 60;
    // expect-none: config
    public const JWT_ISSUER = 'https://auth.example.com/';

    public static function redis(): Client
    {
        // expect: backing-services/no-fixed-host | config/no-hardcoded-url
        return new Client(['host' => 'redis', 'port' => 6379]);
    }

    public static function logger(): Logger
    {
        $log = new Logger('api');
        // expect: logs/no-log-file
        $log->pushHandler(new RotatingFileHandler(__DIR__ . '/../var/log/api.log', 7));
        return $log;
    }
}
