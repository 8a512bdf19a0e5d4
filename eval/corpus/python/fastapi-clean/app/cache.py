from aiocache import Cache

from .settings import get_settings

settings = get_settings()

if settings.environment == "development":
    # expect: dev-prod-parity/no-env-branching-backing-service
    cache = Cache(Cache.MEMORY)
else:
    # expect-none: *
    cache = Cache.from_url(settings.redis_url)
