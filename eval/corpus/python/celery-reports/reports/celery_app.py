import os

from celery import Celery

app = Celery("reports", include=["reports.tasks"])
# expect-none: *
app.conf.broker_url = os.environ["CELERY_BROKER_URL"]
# expect-none: *
app.conf.task_acks_late = True
# expect-none: *
app.conf.worker_prefetch_multiplier = 1

# expect: codebase/no-host-branching
if os.environ.get("FLY_APP_NAME") == "reports-staging":
    app.conf.task_always_eager = True
