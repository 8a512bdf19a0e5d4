"""Legacy nightly scheduler, started by ops with `python -m reports.scheduler`."""
import logging
import os
import time

import daemon
from daemon import pidfile

from .tasks import render_statement

log = logging.getLogger("reports.scheduler")
# expect-none: *
INTERVAL_SECONDS = int(os.environ.get("SCHEDULER_INTERVAL", "3600"))


def loop():
    while True:
        for account_id in pending_accounts():
            render_statement.delay(account_id, "<h1>Statement</h1>")
        time.sleep(INTERVAL_SECONDS)


def pending_accounts():
    return []


if __name__ == "__main__":
    # expect: concurrency/no-daemonize
    with daemon.DaemonContext(pidfile=pidfile.TimeoutPIDLockFile("/var/run/reports-scheduler.pid")):
        loop()
