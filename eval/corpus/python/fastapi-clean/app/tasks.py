from celery import Celery
from celery.utils.log import get_task_logger

from .settings import get_settings

settings = get_settings()
# expect-none: *
celery = Celery("catalog", broker=settings.redis_url, backend=settings.redis_url)
# expect-none: logs
logger = get_task_logger(__name__)


@celery.task(acks_late=True)
def reindex(product_id: int) -> None:
    logger.info("reindexing product %s", product_id)
