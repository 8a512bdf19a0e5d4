import logging
import os
import subprocess
import tempfile

import boto3
from jinja2 import Environment, PackageLoader

from .celery_app import app

log = logging.getLogger(__name__)
env = Environment(loader=PackageLoader("reports"))

# expect: config/no-hardcoded-url | backing-services/no-fixed-host
REPORTS_BUCKET = "acme-reports-prod"

s3 = boto3.client(
    "s3",
    # expect-none: *
    region_name=os.environ.get("AWS_REGION", "eu-central-1"),
    # expect: config/no-hardcoded-secret
    aws_access_key_id="AKIAP31GB9XO5UJ4YZN0",
    # expect: config/no-hardcoded-secret
    aws_secret_access_key="q8JrT2vLx9Kp4WmZ7bNc3Ys6Hd1Fg0Ae5Ru8Vi2O",
)


@app.task(bind=True, autoretry_for=(subprocess.CalledProcessError,), max_retries=3)
def render_statement(self, account_id, html):
    # expect-none: processes
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "statement.html")
        with open(src, "w") as fh:
            fh.write(html)
        # expect: dependencies/no-undeclared-system-tool
        subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, src], check=True)
        pdf = os.path.join(tmp, "statement.pdf")
        # expect-none: dependencies
        subprocess.run(["gs", "-sDEVICE=pdfwrite", "-dPDFSETTINGS=/ebook", "-o", pdf + ".min", pdf], check=True)
        s3.upload_file(pdf + ".min", REPORTS_BUCKET, f"statements/{account_id}.pdf")
    log.info("statement rendered for %s", account_id)
