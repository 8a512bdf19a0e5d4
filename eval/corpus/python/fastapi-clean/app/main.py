import logging
import os
import socket
import sys
import threading
import time

import boto3
import httpx
from fastapi import FastAPI, HTTPException, UploadFile

from .cache import cache
from .settings import get_settings

# expect-none: logs
logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
log = logging.getLogger("catalog")
settings = get_settings()
app = FastAPI(title="catalog")
s3 = boto3.client("s3")

# expect-none: *
GITHUB_API = "https://api.github.com"
# expect-none: processes
ALLOWED_UPLOAD_TYPES = {"image/png", "image/jpeg"}
# expect-none: *
EXAMPLE_TOKEN = "<your-token-here>"


def _report_metrics():
    # a daemon thread of the web process: uvicorn handles SIGTERM for the process
    # expect-none: disposability
    while True:
        log.info("metrics heartbeat from %s", socket.gethostname())
        time.sleep(60)


# expect-none: concurrency
threading.Thread(target=_report_metrics, name="metrics", daemon=True).start()


@app.get("/releases/latest")
async def latest_release():
    cached = await cache.get("release")
    if cached:
        return cached
    # expect-none: *
    async with httpx.AsyncClient(base_url=GITHUB_API, timeout=settings.request_timeout) as client:
        resp = await client.get("/repos/acme/catalog/releases/latest")
    if resp.status_code != 200:
        # expect-none: *
        raise HTTPException(status_code=502, detail="upstream unavailable")
    await cache.set("release", resp.json(), ttl=300)
    return resp.json()


@app.post("/images")
async def upload_image(file: UploadFile):
    if file.content_type not in ALLOWED_UPLOAD_TYPES:
        raise HTTPException(status_code=415, detail="unsupported image type")
    key = f"images/{file.filename}"
    # expect-none: processes
    s3.upload_fileobj(file.file, settings.s3_bucket, key)
    return {"key": key}


if __name__ == "__main__":
    import uvicorn

    # expect-none: *
    uvicorn.run("app.main:app", host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
