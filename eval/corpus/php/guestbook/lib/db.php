<?php

function db(): PDO
{
    static $pdo = null;
    if ($pdo === null) {
        // expect: backing-services/no-fixed-host | config/no-hardcoded-url, config/no-hardcoded-secret
        $pdo = new PDO('mysql:host=localhost;dbname=guestbook;charset=utf8mb4', 'root', 'r00tPassw0rd!gb');
        $pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    }
    return $pdo;
}
