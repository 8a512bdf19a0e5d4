<?php

function app_log(string $level, string $message): void
{
    $line = sprintf('[%s] %s %s', date('c'), strtoupper($level), $message);
    // expect-none: logs
    error_log($line);
    if ($level === 'error') {
        // expect: logs/no-log-file
        error_log($line . PHP_EOL, 3, '/var/log/guestbook/error.log');
    }
}
