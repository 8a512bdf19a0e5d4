import os

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker


class Base(DeclarativeBase):
    pass


if os.getenv("ENV") == "dev":
    # expect: dev-prod-parity/no-env-branching-backing-service
    engine = create_engine("sqlite:///./dev.db", connect_args={"check_same_thread": False})
else:
    # expect-none: *
    engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True, pool_size=5)

SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)
