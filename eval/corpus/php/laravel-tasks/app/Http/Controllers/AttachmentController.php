<?php

namespace App\Http\Controllers;

use App\Models\Task;
use Illuminate\Http\Request;

class AttachmentController extends Controller
{
    public function store(Request $request, Task $task)
    {
        // expect-none: *
        $request->validate(['file' => 'required|file|max:10240']);
        // expect: processes/no-local-uploads
        $path = $request->file('file')->store('attachments', 'local');
        $task->attachments()->create(['path' => $path]);

        // expect-none: processes
        $thumb = $request->file('file')->store('thumbnails', 's3');

        return response()->json(['path' => $path, 'thumb' => $thumb], 201);
    }

    public function pdf(Task $task)
    {
        $html = view('tasks.pdf', ['task' => $task])->render();
        // expect-none: processes
        $tmp = tempnam(sys_get_temp_dir(), 'task');
        file_put_contents($tmp.'.html', $html);
        // expect: dependencies/no-undeclared-system-tool
        shell_exec('wkhtmltopdf '.escapeshellarg($tmp.'.html').' '.escapeshellarg($tmp.'.pdf'));

        return response()->download($tmp.'.pdf')->deleteFileAfterSend();
    }
}
