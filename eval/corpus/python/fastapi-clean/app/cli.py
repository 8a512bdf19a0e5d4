"""One-off admin commands: `python -m app.cli migrate` (the release phase runs it)."""
import argparse
import sys

from alembic import command
from alembic.config import Config


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="app.cli")
    # expect-none: *
    parser.add_argument("action", choices=["migrate", "downgrade"])
    # expect-none: *
    parser.add_argument("--revision", default="head")
    args = parser.parse_args(argv)
    cfg = Config("alembic.ini")
    if args.action == "migrate":
        # expect-none: admin-processes
        command.upgrade(cfg, args.revision)
    else:
        command.downgrade(cfg, args.revision)
    return 0


if __name__ == "__main__":
    # expect-none: disposability
    sys.exit(main())
