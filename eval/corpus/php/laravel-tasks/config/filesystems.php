<?php

return [
    // expect-none: *
    'default' => env('FILESYSTEM_DISK', 's3'),

    'disks' => [
        // Declares the disk; storing uploads on it is what would matter.
        // expect-none: processes
        'local' => ['driver' => 'local', 'root' => storage_path('app'), 'throw' => false],
        's3' => [
            'driver' => 's3',
            // expect-none: *
            'key' => env('AWS_ACCESS_KEY_ID'),
            // expect-none: *
            'secret' => env('AWS_SECRET_ACCESS_KEY'),
            // expect-none: *
            'region' => env('AWS_DEFAULT_REGION', 'eu-central-1'),
            // expect-none: *
            'bucket' => env('AWS_BUCKET'),
        ],
    ],
];
