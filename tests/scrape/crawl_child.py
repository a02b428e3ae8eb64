"""Run a crawl in a child process for the resume test.

Usage: crawl_child.py CACHE_DIR PER_HOST_DELAY URL...
Prints one JSON line per result as soon as it is yielded, so the parent can
kill this process at a known point of the crawl.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cwnlp.model import Failure
from cwnlp.scrape.fetch import FetchSettings, iter_fetch


def main(argv: list[str]) -> int:
    cache_dir, delay, *urls = argv
    settings = FetchSettings(cache_dir=Path(cache_dir), per_host_delay=float(delay), timeout=30.0)
    for result in iter_fetch(urls, settings):
        if isinstance(result, Failure):
            line = {"url": result.input, "ok": False, "error": result.error}
        else:
            line = {"url": result.url, "ok": True, "from_cache": result.from_cache}
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
