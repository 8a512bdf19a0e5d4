# expect: config/no-hardcoded-secret
Stripe.api_key = "sk_live_51MzKp2lQHGavoakggJB6EEiVuI3gCE"
# expect-none: config
Stripe.api_version = "2024-04-10"
