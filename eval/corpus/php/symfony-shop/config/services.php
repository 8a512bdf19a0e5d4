<?php

use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;

return static function (ContainerConfigurator $container): void {
    $container->parameters()
        // expect-none: *
        ->set('app.database_url', '%env(DATABASE_URL)%')
        // expect-none: *
        ->set('app.stripe_key', '%env(STRIPE_SECRET_KEY)%')
        // expect-none: *
        ->set('app.support_email', 'support@example.com')
        // expect-none: *
        ->set('app.items_per_page', 24);

    $services = $container->services()->defaults()->autowire()->autoconfigure();
    $services->load('App\\', '../src/');
};
