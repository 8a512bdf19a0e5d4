<?php

namespace App\Providers;

use Illuminate\Support\Facades\Artisan;
use Illuminate\Support\Facades\URL;
use Illuminate\Support\ServiceProvider;

class AppServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        // expect: codebase/no-host-branching
        if (gethostname() === 'tasks-prod-02') {
            URL::forceScheme('https');
        }

        if ($this->app->runningInConsole() === false) {
            // expect: admin-processes/no-migration-at-startup
            Artisan::call('migrate', ['--force' => true]);
        }
    }
}
