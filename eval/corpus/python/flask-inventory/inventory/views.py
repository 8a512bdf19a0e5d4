import os
import sys

# expect: dependencies/no-undeclared-import
import requests
from flask import Blueprint, abort, current_app, jsonify, request
from werkzeug.utils import secure_filename

from .models import Item, db

bp = Blueprint("inventory", __name__)

# expect: processes/no-module-level-cache
_price_cache = {}
# expect-none: processes
CATEGORY_NAMES = {"hw": "Hardware", "sw": "Software", "svc": "Services"}
# expect-none: *
SUPPLIER_DOCS = "https://docs.python-requests.org/en/latest/"


@bp.get("/items/<sku>")
def get_item(sku):
    item = Item.query.filter_by(sku=sku).first()
    if item is None:
        # expect-none: *
        abort(404)
    if sku not in _price_cache:
        resp = requests.get(f"https://api.supplier.example.com/prices/{sku}", timeout=5)
        _price_cache[sku] = resp.json()["price"]
    return jsonify(sku=item.sku, name=item.name, quantity=item.quantity, price=_price_cache[sku])


@bp.post("/items/<sku>/image")
def upload_image(sku):
    item = Item.query.filter_by(sku=sku).first_or_404()
    f = request.files["image"]
    # expect: processes/no-local-uploads
    f.save(os.path.join("static/uploads", secure_filename(f.filename)))
    item.image_path = f.filename
    db.session.commit()
    return jsonify(ok=True), 201


@bp.post("/admin/license")
def check_license():
    if request.json.get("key") != current_app.config.get("LICENSE_KEY"):
        current_app.logger.critical("invalid license, shutting down")
        # expect: disposability/no-exit-in-request
        sys.exit(1)
    return jsonify(valid=True)
