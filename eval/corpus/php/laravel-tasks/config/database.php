<?php

return [
    'default' => env('DB_CONNECTION', 'pgsql'),

    'connections' => [
        'pgsql' => [
            'driver' => 'pgsql',
            // expect-none: *
            'host' => env('DB_HOST', '127.0.0.1'),
            // expect-none: *
            'port' => env('DB_PORT', '5432'),
            'database' => env('DB_DATABASE', 'tasks'),
            'username' => env('DB_USERNAME', 'tasks'),
            // expect-none: *
            'password' => env('DB_PASSWORD', ''),
        ],
        'reporting' => [
            'driver' => 'mysql',
            // expect: config/no-hardcoded-url | backing-services/no-fixed-host
            'host' => 'reporting-db.c9xk2mfa81.eu-central-1.rds.amazonaws.com',
            'database' => 'reporting',
            'username' => 'tasks_ro',
            // expect: config/no-hardcoded-secret
            'password' => 'R3p0rt!ng-ro-2024',
        ],
    ],

    'redis' => [
        'client' => 'predis',
        'default' => [
            // expect-none: *
            'host' => env('REDIS_HOST', '127.0.0.1'),
            // expect-none: *
            'port' => env('REDIS_PORT', '6379'),
        ],
    ],
];
