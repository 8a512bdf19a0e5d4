import logging.config
import os

# logging.ini sends everything to a StreamHandler on stdout.
# expect-none: logs
logging.config.fileConfig(os.path.join(os.path.dirname(__file__), "logging.ini"), disable_existing_loggers=False)
