import logging
import os

import redis
from flask import Flask

app = Flask(__name__)

# twelve-factor: a hard-coded secret (Factor III)
app.config["SECRET_KEY"] = "f3b9c1e07a5d42c8b6e1d9a4c7f20e58"

# Reading config from the environment with a default is fine.
app.config["PAGE_SIZE"] = int(os.environ.get("PAGE_SIZE", "50"))
DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///dev.db")

# twelve-factor: the cache is wired to localhost (Factor IV)
cache = redis.Redis.from_url("redis://localhost:6379/0")

# twelve-factor: logs written to a file instead of stdout (Factor XI)
handler = logging.FileHandler("billing.log")
logging.getLogger().addHandler(handler)
logging.getLogger().addHandler(logging.StreamHandler())


@app.route("/invoices")
def invoices():
    logging.info("listing invoices")
    return {"invoices": [], "docs": "https://12factor.net/logs"}


if __name__ == "__main__":
    # twelve-factor: a fixed port instead of $PORT (Factor VII)
    app.run(host="0.0.0.0", port=5000)
