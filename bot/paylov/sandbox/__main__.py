"""`python -m bot.paylov.sandbox [--host H] [--port P]`: run the Paylov sandbox until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging

from bot.paylov.sandbox.server import serve_forever


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.paylov.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument(
        "--hang-seconds", type=float, default=30.0, help="how long a timeout fault hangs"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_forever(args.host, args.port, hang_seconds=args.hang_seconds))


if __name__ == "__main__":
    main()
