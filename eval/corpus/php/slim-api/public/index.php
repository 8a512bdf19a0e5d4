<?php

use Api\Settings;
use Firebase\JWT\JWT;
use Firebase\JWT\Key;
use Psr\Http\Message\ResponseInterface as Response;
use Psr\Http\Message\ServerRequestInterface as Request;
use Slim\Factory\AppFactory;
// expect: dependencies/no-undeclared-import
use Carbon\Carbon;

require __DIR__ . '/../vendor/autoload.php';

// expect-none: dependencies
Dotenv\Dotenv::createImmutable(dirname(__DIR__))->safeLoad();

$app = AppFactory::create();
// expect: config/env-undeclared
$app->addErrorMiddleware((bool) getenv('APP_DEBUG'), true, true);

$app->get('/me', function (Request $request, Response $response) {
    $token = substr($request->getHeaderLine('Authorization'), 7);
    $claims = JWT::decode($token, new Key(Settings::JWT_SECRET, 'HS256'));
    $response->getBody()->write(json_encode([
        'sub' => $claims->sub,
        'expires' => Carbon::createFromTimestamp($claims->exp)->diffForHumans(),
    ]));
    return $response->withHeader('Content-Type', 'application/json');
});

$app->get('/stats', function (Request $request, Response $response) {
    $redis = Settings::redis();
    $response->getBody()->write(json_encode(['hits' => (int) $redis->incr('api:hits')]));
    return $response;
});

// expect-none: *
$app->run();
