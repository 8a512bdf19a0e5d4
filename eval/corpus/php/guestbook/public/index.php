<?php

// expect-none: logs
ini_set('error_log', 'php://stderr');

require __DIR__ . '/../lib/db.php';
require __DIR__ . '/../lib/log.php';

// expect: processes/no-memory-session-store
session_start();

// expect-none: *
$debug = (getenv('APP_DEBUG') ?: 'false') === 'true';
// expect-none: *
$pageSize = (int) (getenv('GUESTBOOK_PAGE_SIZE') ?: 20);

// expect: codebase/no-host-branching
if (php_uname('n') === 'gb-web-1') {
    header('X-Primary: 1');
}

try {
    $pdo = db();
} catch (PDOException $e) {
    app_log('error', 'database unavailable: ' . $e->getMessage());
    http_response_code(503);
    // PHP-FPM / the built-in server keep running: this ends one request only.
    // expect-none: disposability
    die('Database unavailable, please try again later.');
}

if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    if (!empty($_FILES['photo']['tmp_name'])) {
        $name = bin2hex(random_bytes(8)) . '.jpg';
        // expect: processes/no-local-uploads
        move_uploaded_file($_FILES['photo']['tmp_name'], __DIR__ . '/uploads/' . $name);
    }
    $stmt = $pdo->prepare('INSERT INTO entries (author, body, photo) VALUES (?, ?, ?)');
    $stmt->execute([$_POST['author'] ?? 'anonymous', $_POST['body'] ?? '', $name ?? null]);
    $_SESSION['flash'] = 'Thanks for signing!';
    header('Location: /', true, 303);
    // expect-none: disposability
    exit;
}

$entries = $pdo->query('SELECT author, body, photo FROM entries ORDER BY id DESC LIMIT ' . $pageSize)->fetchAll();
$flash = $_SESSION['flash'] ?? null;
unset($_SESSION['flash']);
?>
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Guestbook</title></head>
<body>
<?php if ($flash): ?><p class="flash"><?= htmlspecialchars($flash) ?></p><?php endif; ?>
<?php foreach ($entries as $e): ?>
  <article><strong><?= htmlspecialchars($e['author']) ?></strong> <?= htmlspecialchars($e['body']) ?></article>
<?php endforeach; ?>
</body>
</html>
