<?php

return [
    // expect-none: *
    'name' => env('APP_NAME', 'Tasks'),
    // expect-none: *
    'env' => env('APP_ENV', 'production'),
    // expect-none: *
    'debug' => (bool) env('APP_DEBUG', false),
    // expect-none: *
    'url' => env('APP_URL', 'http://localhost'),
    // expect-none: *
    'timezone' => 'UTC',
    // expect-none: *
    'key' => env('APP_KEY'),
    // expect-none: *
    'cipher' => 'AES-256-CBC',
];
