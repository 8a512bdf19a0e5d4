from functools import lru_cache

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Read from the environment (and .env locally); the defaults are for development."""

    model_config = SettingsConfigDict(env_file=".env")

    # expect-none: *
    database_url: str = "postgresql+psycopg://localhost/catalog_dev"
    # expect-none: *
    redis_url: str = "redis://localhost:6379/0"
    secret_key: SecretStr
    s3_bucket: str
    # expect-none: *
    environment: str = "development"
    # expect-none: *
    request_timeout: float = 10.0


# expect-none: processes
@lru_cache
def get_settings() -> Settings:
    return Settings()
