<?php

use Monolog\Handler\StreamHandler;

return [
    // expect-none: *
    'default' => env('LOG_CHANNEL', 'stack'),

    'channels' => [
        'stack' => [
            'driver' => 'stack',
            'channels' => ['daily', 'stderr'],
        ],
        'daily' => [
            'driver' => 'daily',
            // expect: logs/no-log-file
            'path' => storage_path('logs/laravel.log'),
            'days' => 14,
        ],
        'stderr' => [
            'driver' => 'monolog',
            'handler' => StreamHandler::class,
            // expect-none: logs
            'with' => ['stream' => 'php://stderr'],
        ],
    ],
];
