<?php

return [
    'mailgun' => [
        // expect: config/env-undeclared
        'domain' => env('MAILGUN_DOMAIN'),
        // expect: config/no-hardcoded-secret
        'secret' => 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0',
        // expect-none: *
        'endpoint' => 'api.eu.mailgun.net',
    ],
    'stripe' => [
        // expect-none: *
        'key' => env('STRIPE_KEY'),
    ],
];
