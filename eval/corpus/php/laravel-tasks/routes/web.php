<?php

use App\Http\Controllers\AttachmentController;
use Illuminate\Support\Facades\Route;

// expect-none: *
Route::get('/up', fn () => response('ok', 200));
Route::post('/tasks/{task}/attachments', [AttachmentController::class, 'store']);
Route::get('/tasks/{task}/pdf', [AttachmentController::class, 'pdf']);
