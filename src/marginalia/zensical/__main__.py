"""``python -m marginalia.zensical build|serve``: the site built with Zensical, with every
marginalia feature (``make build ENGINE=zensical``, ``make serve ENGINE=zensical``)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m marginalia.zensical", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the site")
    build.add_argument("-f", "--config-file", default="mkdocs.yml")
    build.add_argument("-d", "--site-dir", default=None)
    build.add_argument("-s", "--strict", action="store_true", help="fail on any fault")
    serve = commands.add_parser("serve", help="build, serve and rebuild on every change")
    serve.add_argument("-f", "--config-file", default="mkdocs.yml")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    if args.command == "build":
        from marginalia.zensical.build import build_command

        return build_command(args.config_file, args.site_dir, args.strict)
    from marginalia.zensical.serve import serve_command

    return serve_command(args.config_file, args.dev_addr)


if __name__ == "__main__":
    sys.exit(main())
