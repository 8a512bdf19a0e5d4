import logging
import subprocess
import sys

import uvicorn
from fastapi import FastAPI, HTTPException

from orders.db import Base, SessionLocal, engine
from orders.models import Order
from orders.rates import convert

# expect: logs/no-log-file
logging.basicConfig(filename="orders.log", level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
log = logging.getLogger("orders")

app = FastAPI(title="orders")

# expect: admin-processes/no-migration-at-startup
Base.metadata.create_all(bind=engine)


@app.on_event("startup")
def ensure_fast_json():
    try:
        import orjson  # noqa: F401
    except ImportError:
        # expect: build-release-run/no-runtime-install
        subprocess.run([sys.executable, "-m", "pip", "install", "orjson"], check=True)


@app.get("/orders/{order_id}")
def get_order(order_id: int, currency: str = "EUR"):
    with SessionLocal() as session:
        order = session.get(Order, order_id)
        if order is None:
            # expect-none: *
            raise HTTPException(status_code=404, detail="order not found")
        return {"id": order.id, "total": convert(order.total_eur, currency), "currency": currency}


if __name__ == "__main__":
    # expect: port-binding/no-hardcoded-port
    uvicorn.run(app, host="0.0.0.0", port=8000)
