"""A loopback port where every connection is refused: a backend that is down, for tests and
benchmarks.

Usage::

    with refused_port() as port:          # bound, never listening: connect() gets ECONNREFUSED
        url = f"http://127.0.0.1:{port}"  # nobody else can take the port while the block runs
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["refused_port"]


@contextmanager
def refused_port(host: str = "127.0.0.1") -> Iterator[int]:
    """A port on ``host`` that refuses connections until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((host, 0))  # held, so the port stays ours; never listen()ed, so refused
        yield sock.getsockname()[1]
    finally:
        sock.close()
