<?php

return [
    // expect: processes/no-memory-session-store
    'driver' => 'file',
    // expect-none: *
    'lifetime' => 120,
    'files' => storage_path('framework/sessions'),
    'cookie' => 'tasks_session',
];
