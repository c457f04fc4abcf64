"""``python -m marginalia.checks``: the pull-request check (first version: the strict build)."""

from __future__ import annotations

import subprocess
import sys


def main() -> int:
    return subprocess.call([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"])


if __name__ == "__main__":
    sys.exit(main())
