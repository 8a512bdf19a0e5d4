# Signed, encrypted cookies: the session travels with the client, nothing is kept server-side.
# expect-none: processes
Rails.application.config.session_store :cookie_store, key: "_helpdesk_session", expire_after: 14.days
