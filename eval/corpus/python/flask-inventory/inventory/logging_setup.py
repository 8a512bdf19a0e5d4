import logging
import sys
from logging.handlers import RotatingFileHandler


def configure_logging(app):
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    # expect-none: logs
    stream = logging.StreamHandler(sys.stdout)
    stream.setFormatter(fmt)
    app.logger.addHandler(stream)

    # expect: logs/no-log-file
    rotating = RotatingFileHandler("logs/inventory.log", maxBytes=10_000_000, backupCount=5)
    rotating.setFormatter(fmt)
    app.logger.addHandler(rotating)
    app.logger.setLevel(logging.INFO)
