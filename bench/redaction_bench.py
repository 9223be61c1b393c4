"""Benchmark: the cost of masking secrets in a log line (data.redaction), the filter every log
record passes through.

What it measures
    A Redactor holding six secrets like production's (a bot token, database, Redis and proxy
    passwords, the proxy's credentials, a webhook secret) masks ``--lines`` copies of two
    typical lines: a plain update line (no ``%`` or ``+``: the plain substring search) and one
    with a ``%`` in it (the full expression that also finds percent-encoded forms). Reported:
    microseconds per line, the median of ``--repeat`` runs, for each kind.

How to run (from the repository root)
    python bench/redaction_bench.py               # 20,000 lines per kind
    python bench/redaction_bench.py --lines 1000  # smoke check

The last line of stdout is one JSON object: {"secrets", "lines", "plain_us", "encoded_us"}
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.redaction import Redactor  # noqa: E402

SECRETS = [
    "424242:AAH-benchmark-token-secret-0123456789",
    "db-pass@word-123",
    "redis-pass-77",
    "proxyuser:proxy-pass-88",
    "proxy-pass-88",
    "hook-secret-0123456789",
]
PLAIN = (
    "2026-12-02 06:43:29,080 INFO bot.middlewares.update_log: update 123456 kind=message "
    "chat=4242 handler=start.start ms=3.1"
)
ENCODED = PLAIN + " progress=50%"


def per_line_us(redactor: Redactor, line: str, lines: int, repeat: int) -> float:
    """Median microseconds to redact ``line``, over ``repeat`` runs of ``lines`` calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(lines):
            redactor.redact(line)
        runs.append((time.perf_counter() - start) / lines * 1e6)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    redactor = Redactor(SECRETS)
    assert "***" in redactor.redact(f"/bot{SECRETS[0]}/getMe")
    result = {
        "secrets": len(redactor),
        "lines": args.lines,
        "plain_us": round(per_line_us(redactor, PLAIN, args.lines, args.repeat), 2),
        "encoded_us": round(per_line_us(redactor, ENCODED, args.lines, args.repeat), 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
