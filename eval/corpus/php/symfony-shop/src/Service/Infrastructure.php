<?php

namespace App\Service;

use Monolog\Handler\StreamHandler;
use Monolog\Level;
use Monolog\Logger;
use Symfony\Component\Cache\Adapter\RedisAdapter;
use Symfony\Component\Mailer\Transport;
use Symfony\Component\Mailer\Transport\NullTransport;
use Symfony\Component\Mailer\Transport\TransportInterface;

final class Infrastructure
{
    public static function cache(): RedisAdapter
    {
        // expect: backing-services/no-fixed-host | config/no-hardcoded-url
        return new RedisAdapter(RedisAdapter::createConnection('redis://localhost:6379'));
    }

    public static function logger(): Logger
    {
        $log = new Logger('shop');
        // expect-none: logs
        $log->pushHandler(new StreamHandler('php://stderr', Level::Info));
        // expect: logs/no-log-file
        $log->pushHandler(new StreamHandler(__DIR__.'/../../var/log/shop.log', Level::Debug));

        return $log;
    }

    public static function mailer(): TransportInterface
    {
        if ($_SERVER['APP_ENV'] === 'dev') {
            // expect: dev-prod-parity/no-env-branching-backing-service
            return new NullTransport();
        }

        // expect-none: *
        return Transport::fromDsn($_ENV['MAILER_DSN']);
    }
}
