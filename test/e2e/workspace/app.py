# Fixture for the in-editor tests (test/e2e): a worker with a hard-coded secret and port.
import os

from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "f3b9c1e07a5d42c8b6e1d9a4c7f20e58"
app.config["GREETING"] = os.environ.get("GREETING", "hello")

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
