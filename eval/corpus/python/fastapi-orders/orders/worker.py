import json
import logging
import sys

import redis

from .db import SessionLocal
from .models import Order

# expect-none: logs
logging.basicConfig(stream=sys.stdout, level=logging.INFO)
log = logging.getLogger("orders.worker")

# expect: backing-services/no-fixed-host | config/no-hardcoded-url
r = redis.Redis(host="cache.internal", port=6379, db=0)


def main():
    log.info("order intake worker started")
    # expect: disposability/no-sigterm-handler
    while True:
        _, raw = r.blpop("orders:incoming")
        payload = json.loads(raw)
        with SessionLocal() as session:
            session.add(Order(customer=payload["customer"], total_eur=payload["total"]))
            session.commit()
        log.info("stored order for %s", payload["customer"])


if __name__ == "__main__":
    main()
