import os

from celery import Celery

# expect: backing-services/no-fixed-host | config/no-hardcoded-url
celery = Celery("inventory", broker="redis://localhost:6379/0")
# expect-none: *
celery.conf.result_backend = os.environ.get("CELERY_RESULT_BACKEND", "redis://localhost:6379/1")
# expect-none: *
celery.conf.task_soft_time_limit = 300


@celery.task(bind=True, max_retries=3)
def reorder_low_stock(self, sku):
    from .models import Item

    item = Item.query.filter_by(sku=sku).first()
    # expect-none: *
    threshold = int(os.environ.get("LOW_STOCK_THRESHOLD", "5"))
    if item and item.quantity < threshold:
        print(f"reordering {sku}", flush=True)
