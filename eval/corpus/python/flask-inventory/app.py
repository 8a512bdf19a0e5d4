import os

# expect-none: dependencies
from dotenv import load_dotenv
from flask import Flask

from inventory.logging_setup import configure_logging
from inventory.models import db
from inventory.views import bp

load_dotenv()

app = Flask(__name__)
# expect: config/no-hardcoded-secret
app.secret_key = "4f9a2c7e1b8d3f6a0e5c9b2d7a4f1e8c"
# expect: config/no-hardcoded-url | backing-services/no-fixed-host
app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://inventory:Wx93kLp2Qz@10.0.3.17:5432/inventory"
# expect-none: *
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
# expect-none: *
app.config["LOW_STOCK_THRESHOLD"] = int(os.environ.get("LOW_STOCK_THRESHOLD", "5"))

configure_logging(app)
db.init_app(app)
app.register_blueprint(bp)

with app.app_context():
    # expect: admin-processes/no-migration-at-startup
    db.create_all()

if __name__ == "__main__":
    # expect: port-binding/no-hardcoded-port
    app.run(host="0.0.0.0", port=5000, debug=False)
