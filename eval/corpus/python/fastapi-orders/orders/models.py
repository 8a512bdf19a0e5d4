from sqlalchemy import Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from .db import Base


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped[str] = mapped_column(String(200))
    total_eur: Mapped[float] = mapped_column(Numeric(10, 2))
