"""Command-line interface: argument parsing only; the work lives in the modules it calls."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from archiver import __version__, settings

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
_FINISHED = ("finished", "closespider_pagecount", "closespider_itemcount")

CRAWL_EXAMPLES = """examples:
  archiver crawl https://news.example.com/
  archiver crawl https://news.example.com/feed.xml https://news.example.com/sitemap.xml \\
      --out /srv/archive --max-pages 500
  archiver crawl --seeds-file seeds.txt --depth 1
"""


class UsageError(Exception):
    """Bad command-line input: reported as one line, exit code 2."""


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archiver", description="Crawl news sites into WARC archives and JSON records.")
    parser.add_argument("--version", action="version", version=f"archiver {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    crawl = commands.add_parser(
        "crawl", help="crawl seeds (pages, feeds, sitemaps)", epilog=CRAWL_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    crawl.add_argument("seeds", nargs="*", metavar="SEED", help="page, feed or sitemap URL")
    crawl.add_argument("--seeds-file", type=Path, help="file with one seed URL per line")
    _add_crawl_options(crawl)

    extract = commands.add_parser(
        "extract", help="write article records from WARC files, fetching nothing",
        epilog="example:\n  archiver extract output/warc/*.warc.gz --out reextracted",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    extract.add_argument("warcs", nargs="+", type=Path, metavar="FILE.warc.gz")
    extract.add_argument("--out", type=Path, default=Path(settings.ARCHIVER_OUTPUT_DIR))

    demo = commands.add_parser("demo", help="serve the bundled demo site and crawl it")
    _add_crawl_options(demo)
    return parser


def _add_crawl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path(settings.ARCHIVER_OUTPUT_DIR),
                        help="output folder (default: %(default)s)")
    parser.add_argument("--max-pages", type=_positive, default=settings.ARCHIVER_MAX_PAGES,
                        help="stop after scheduling this many pages (0: no limit)")
    parser.add_argument("--depth", type=_positive, default=None,
                        help=f"link hops to follow (default: {settings.ARCHIVER_DEPTH} from "
                        f"pages, {settings.ARCHIVER_FEED_ENTRY_DEPTH} from feed entries)")
    parser.add_argument("--contact", help="contact URL or e-mail for the User-Agent")
    parser.add_argument("--log-level", default="WARNING",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a setting of archiver/settings.py (repeatable)")


def read_seeds(args: argparse.Namespace) -> list[str]:
    seeds = list(args.seeds)
    if args.seeds_file:
        try:
            lines = args.seeds_file.read_text("utf-8").splitlines()
        except OSError as error:
            message = f"cannot read seeds file {args.seeds_file}: {error.strerror}"
            raise UsageError(message) from None
        seeds += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    if not seeds:
        raise UsageError("no seeds: give at least one URL or --seeds-file")
    for seed in seeds:
        if urlsplit(seed).scheme not in ("http", "https") or not urlsplit(seed).hostname:
            raise UsageError(f"not an http(s) URL: {seed!r}")
    return seeds


def setting_overrides(pairs: list[str]) -> dict[str, str]:
    overrides = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set takes NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


def crawl_overrides(args: argparse.Namespace) -> dict[str, object]:
    overrides: dict[str, object] = {
        "ARCHIVER_OUTPUT_DIR": str(args.out),
        "ARCHIVER_MAX_PAGES": args.max_pages,
        "LOG_LEVEL": args.log_level,
    }
    if args.depth is not None:
        overrides["ARCHIVER_DEPTH"] = args.depth
        overrides["ARCHIVER_FEED_ENTRY_DEPTH"] = args.depth
    if args.contact:
        overrides["ARCHIVER_CONTACT"] = args.contact
    return overrides | setting_overrides(args.set)


def _crawl_and_report(seeds: list[str], args: argparse.Namespace) -> int:
    from archiver.runner import run_crawl
    from archiver.summary import format_summary

    report = run_crawl(seeds, crawl_overrides(args))
    print(format_summary(report))
    return EXIT_OK if report["finish_reason"] in _FINISHED else EXIT_FAILURE


def command_crawl(args: argparse.Namespace) -> int:
    return _crawl_and_report(read_seeds(args), args)


def command_demo(args: argparse.Namespace) -> int:
    from archiver.demo.server import SiteServer

    with SiteServer() as server:
        print(f"Serving the demo site at {server.base_url}/")
        return _crawl_and_report([f"{server.base_url}/"], args)


def command_extract(args: argparse.Namespace) -> int:
    from archiver.reextract import extract_files

    missing = [str(path) for path in args.warcs if not path.is_file()]
    if missing:
        raise UsageError(f"no such WARC file: {missing[0]}")
    print(extract_files(args.warcs, args.out))
    return EXIT_OK


COMMANDS = {"crawl": command_crawl, "extract": command_extract, "demo": command_demo}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":  # crawls configure logging through Scrapy's LOG_* settings
        logging.basicConfig(level="WARNING", format="%(levelname)s %(name)s: %(message)s")
    try:
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"archiver: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("archiver: interrupted", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
