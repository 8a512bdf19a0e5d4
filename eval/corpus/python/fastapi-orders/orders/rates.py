import os

import httpx

# expect-none: *
RATES_API = os.environ.get("RATES_API", "https://api.exchangerate.host/latest")
# expect: processes/no-module-level-cache
_rates: dict[str, float] = {}


def convert(amount_eur, currency: str) -> float:
    if currency == "EUR":
        return float(amount_eur)
    if currency not in _rates:
        # expect-none: *
        resp = httpx.get(RATES_API, params={"base": "EUR"}, timeout=10.0)
        _rates.update(resp.json()["rates"])
    return round(float(amount_eur) * _rates[currency], 2)
