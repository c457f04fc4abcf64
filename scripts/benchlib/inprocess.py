"""Two builds in one process, as ``mkdocs serve`` does them: build, change a page, build again.

Run as a script by the benchmark: ``python inprocess.py CONFIG PAGE``. It prints one JSON
line with both timings. Like ``mkdocs serve``, it loads the configuration afresh for the
second build, so plugins are re-created and only module-level or on-disk caches can help.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path


def main(config_file: str, page: str) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    timings = []
    target = Path(page)
    original = target.read_text("utf-8")
    try:
        for attempt in range(2):
            if attempt:
                target.write_text(original + "\n\nA paragraph added for the rebuild.\n", "utf-8")
            start = time.perf_counter()
            config = load_config(config_file)
            config.plugins.on_startup(command="serve", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            timings.append(time.perf_counter() - start)
    finally:
        target.write_text(original, "utf-8")
    print(json.dumps({"first": timings[0], "second": timings[1]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
