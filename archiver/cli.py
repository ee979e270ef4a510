"""Command-line interface: argument parsing only; the work lives in the modules it calls."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archiver import __version__, settings
from archiver.frontier.seeds import SeedError, parse_seed
from archiver.run.diskfull import DiskFullError, is_disk_full
from archiver.run.printable import install_log_filter
from archiver.run.redaction import redact_url

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3  # the run finished, but some pages failed (see the report's errors)
EXIT_LOCKED = 4  # another run holds the output folder's lock
_OUTCOME_EXIT = {"ok": EXIT_OK, "partial": EXIT_PARTIAL, "failed": EXIT_FAILURE}

CRAWL_EXAMPLES = """examples:
  archiver crawl https://news.example.com/
  archiver crawl https://news.example.com/feed.xml https://news.example.com/sitemap.xml \\
      --out /srv/archive --max-pages 500
  archiver crawl --seeds-file seeds.txt --depth 1
  archiver crawl --config sources.toml --source harbour-courier --since 2d --quiet
"""
ENQUEUE_EXAMPLES = """examples:
  archiver enqueue --redis-url redis://redis-host:6379/0 https://news.example.com/
  archiver enqueue --config sources.toml --source harbour-courier   # redis_url from the file

Pushes the seeds once into the cluster's shared queue and stores the sources
there; workers started afterwards with the same Redis URL and no seeds crawl
them (see docs/cluster.md). Seeds already scheduled this run are not pushed again.
"""

MAIN_EXAMPLES = """examples:
  archiver demo --out output                      # crawl the bundled demo site
  archiver crawl https://news.example.com/ --out /srv/archive
  archiver report /srv/archive                    # (re)build /srv/archive/report.html
  archiver replay /srv/archive --port 8090        # browse the archive in pywb
  archiver export /srv/archive --format csv --out articles.csv

`archiver COMMAND --help` shows each command's options and examples.
"""
EXPORT_EXAMPLES = """examples:
  archiver export output --format csv --out articles.csv
  archiver export output --format jsonl --since 2d | jq .title
  archiver export output --format csv --fields url,title,authors,date_published

One record per article (the latest fetch of each canonical URL). CSV: list
fields joined with "; ", objects (authors, images, archive ...) as JSON; a cell
starting with = + - @ tab or CR gets a leading ' (no formulas), and control
characters are dropped.
"""
REPORT_EXAMPLES = """examples:
  archiver report output                    # output/report.html from output/report.json
  archiver report output --run output/reports/run-20261127T021044.123Z.json --out old.html
"""
REPLAY_EXAMPLES = """examples:
  archiver replay output                    # http://127.0.0.1:8090/archive/
  archiver replay /srv/archive --port 9000

An article: http://127.0.0.1:PORT/archive/TIMESTAMPmp_/URL (TIMESTAMP: the
record's fetched_at as YYYYMMDDhhmmss). Needs pywb in .venv-replay (`make install`).
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
        prog="archiver", description="Crawl news sites into WARC archives and JSON records.",
        epilog=MAIN_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"archiver {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    crawl = commands.add_parser(
        "crawl", help="crawl seeds (pages, feeds, sitemaps)", epilog=CRAWL_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_seed_options(crawl)
    _add_crawl_options(crawl)
    _add_enqueue_command(commands)

    extract = commands.add_parser(
        "extract", help="write article records from WARC files, fetching nothing",
        epilog="examples:\n  archiver extract output/warc/*.warc.gz --out reextracted\n"
               "  archiver extract --from-log output/logs/crawl-STAMP-HOST.jsonl "
               "--keep-non-articles --out kept",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    extract.add_argument("warcs", nargs="*", type=Path, metavar="FILE.warc.gz")
    extract.add_argument("--out", type=Path, default=Path(settings.ARCHIVER_OUTPUT_DIR))
    extract.add_argument("--from-log", type=Path, metavar="CRAWL_LOG.jsonl",
                         help="only the pages a crawl log lists as giving no record, read "
                         "from the WARC files beside it (OUT/warc) or those given")
    extract.add_argument("--keep-non-articles", action="store_true",
                         help="write a record (with page_type) for pages the article gate "
                         "refuses too")

    demo = commands.add_parser("demo", help="serve the bundled demo site and crawl it")
    _add_crawl_options(demo)
    _add_archive_commands(commands)
    _add_output_commands(commands)
    return parser


def _add_output_commands(commands: argparse._SubParsersAction) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    export = commands.add_parser("export", help="one merged CSV or JSONL of an output's articles",
                                 epilog=EXPORT_EXAMPLES, formatter_class=raw)
    export.add_argument("outdir", type=Path, metavar="OUTDIR")
    export.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    export.add_argument("--fields", metavar="A,B,...",
                        help="record fields to export, in this order (default: all)")
    export.add_argument("--since", metavar="DATE|DURATION",
                        help="only articles fetched since (2026-11-01, 6h, 2d)")
    export.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")
    report = commands.add_parser("report", help="(re)build a run's report.html",
                                 epilog=REPORT_EXAMPLES, formatter_class=raw)
    report.add_argument("outdir", type=Path, metavar="OUTDIR")
    report.add_argument("--run", type=Path, metavar="REPORT.json",
                        help="a run's report (default: OUTDIR/report.json, the latest run)")
    report.add_argument("--out", type=Path, metavar="FILE.html",
                        help="default: OUTDIR/report.html")
    report.add_argument("--port", type=int, default=settings.ARCHIVER_REPLAY_PORT,
                        help="port of `archiver replay` in the article links (default: "
                        "%(default)s)")
    replay = commands.add_parser("replay", help="browse an output's WARC files with pywb",
                                 epilog=REPLAY_EXAMPLES, formatter_class=raw)
    replay.add_argument("outdir", type=Path, metavar="OUTDIR")
    replay.add_argument("--port", type=int, default=settings.ARCHIVER_REPLAY_PORT,
                        help="port on 127.0.0.1 (default: %(default)s)")


def _add_archive_commands(commands: argparse._SubParsersAction) -> None:
    index = commands.add_parser(
        "index", help="write a sorted CDXJ index (NAME.cdxj) beside each WARC file")
    index.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                       help="WARC file, folder of WARC files, or output folder")
    index.add_argument("--out", type=Path, metavar="FILE.cdxj",
                       help="also write one sorted index of all the WARC files here")
    validate = commands.add_parser(
        "validate", help="check WARC files: gzip members, digests, pairing, revisits")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                          help="WARC file, folder of WARC files, or output folder")
    recover = commands.add_parser(
        "recover", help="finish the .open files a killed run left (the next crawl does it too)")
    recover.add_argument("outdir", type=Path, metavar="OUTDIR")
    pack = commands.add_parser("pack", help="package crawl output folders as one WACZ file")
    pack.add_argument("outdirs", nargs="+", type=Path, metavar="OUTDIR")
    pack.add_argument("--out", type=Path, required=True, metavar="FILE.wacz")
    pack.add_argument("--title", help="the package's title (default: the file's name)")
    pack.add_argument("--description", default="", help="what the package holds")


def _add_seed_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("seeds", nargs="*", metavar="SEED", help="page, feed or sitemap URL")
    parser.add_argument("--seeds-file", type=Path, help="file with one seed URL per line")
    parser.add_argument("--config", type=Path, metavar="SOURCES.toml",
                        help="sources file (instead of seeds); see examples/sources.toml")
    parser.add_argument("--source", action="append", default=[], metavar="NAME",
                        help="crawl only this source of --config (repeatable)")


def _add_enqueue_command(commands: argparse._SubParsersAction) -> None:
    enqueue = commands.add_parser(
        "enqueue", help="push seeds into a cluster's shared queue, fetching nothing",
        epilog=ENQUEUE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_seed_options(enqueue)
    enqueue.add_argument("--redis-url", metavar="redis://HOST:PORT/DB",
                         help="the cluster's Redis (default: redis_url of --config)")
    enqueue.add_argument("--max-pages", type=_positive, default=settings.ARCHIVER_MAX_PAGES,
                         help="the workers' --max-pages: the seeds count against it")
    enqueue.add_argument("--depth", type=_positive, default=None,
                         help="link hops to follow from page seeds (the workers' --depth)")
    enqueue.add_argument("--refresh-after", metavar="DURATION",
                         help="the workers' --refresh-after (feed and sitemap seeds are then "
                         "fetched in full)")
    enqueue.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                         help="override a setting of archiver/settings.py (repeatable)")


def _add_crawl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path(settings.ARCHIVER_OUTPUT_DIR),
                        help="output folder (default: %(default)s)")
    parser.add_argument("--max-pages", type=_positive, default=settings.ARCHIVER_MAX_PAGES,
                        help="stop after scheduling this many pages (0: no limit; with "
                        "--redis-url, for the whole cluster)")
    parser.add_argument("--depth", type=_positive, default=None,
                        help=f"link hops to follow (default: {settings.ARCHIVER_DEPTH} from "
                        f"pages, {settings.ARCHIVER_FEED_ENTRY_DEPTH} from feed entries)")
    parser.add_argument("--contact", help="contact URL or e-mail for the User-Agent")
    parser.add_argument("--collection", metavar="NAME",
                        help="the collection the WARC files are part of (warcinfo isPartOf)")
    parser.add_argument("--description", metavar="TEXT",
                        help="what the collection is (warcinfo description)")
    parser.add_argument("--log-level", default="WARNING",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a setting of archiver/settings.py (repeatable)")
    parser.add_argument("--state", type=Path, metavar="FILE",
                        help=f"crawl state (default: OUT/{settings.ARCHIVER_STATE_FILE})")
    parser.add_argument("--since", metavar="DATE|DURATION",
                        help="skip feed and sitemap entries dated before this (2026-11-01, 6h, 2d)")
    parser.add_argument("--refresh-after", metavar="DURATION",
                        help="fetch known articles again after this long (6h, 2d; 0: always; "
                        "default: never, unless a feed or sitemap dates them newer)")
    parser.add_argument("--quiet", action="store_true",
                        help="only errors and a one-line summary (for cron mail)")
    parser.add_argument("--browser", nargs="?", const="true", choices=["true", "auto"],
                        help="load pages in headless Chromium: every HTML page (--browser), "
                        "or only those that give no record and look built by a script "
                        "(--browser auto); a source's `browser` key wins")
    parser.add_argument("--redis-url", metavar="redis://HOST:PORT/DB",
                        help="share the queue, duplicate filter and state with every worker "
                        "run with the same URL; seeds are then optional, the run's are in "
                        "Redis (see docs/cluster.md)")


def read_seeds(args: argparse.Namespace, required: bool = True) -> list[str]:
    seeds = list(args.seeds)
    if args.seeds_file:
        try:
            lines = args.seeds_file.read_text("utf-8").splitlines()
        except OSError as error:
            message = f"cannot read seeds file {args.seeds_file}: {error.strerror}"
            raise UsageError(message) from None
        seeds += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    if not seeds and required:
        raise UsageError("no seeds: give at least one URL or --seeds-file")
    for seed in seeds:
        try:
            parse_seed(seed)
        except SeedError as error:
            raise UsageError(str(error)) from None
    return seeds


# Settings that take one of a few words: checked here, so that a typo is a usage error.
SETTING_CHOICES = {"ARCHIVER_REQUISITES": ("articles", "all", "none"),
                   "ARCHIVER_EMBEDS": ("any", "same-site", "none"),
                   "ARCHIVER_WARC_GZIP_LEVEL": tuple("123456789")}


def setting_overrides(pairs: list[str]) -> dict[str, str]:
    overrides = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set takes NAME=VALUE, got {pair!r}")
        choices = SETTING_CHOICES.get(name.strip())
        if choices and value not in choices:
            raise UsageError(f"--set {name.strip()}: must be one of {', '.join(choices)}, "
                             f"got {value!r}")
        overrides[name.strip()] = value
    return overrides


def read_sources(args: argparse.Namespace) -> list | None:
    """The sources of --config (only those named by --source), or None without --config.

    The file's redis_url becomes args.redis_url unless --redis-url was given, and its
    settings (contact, contact_private, proxy) args.config_settings.
    """
    from archiver.frontier.sources_file import ConfigError, load_config, select_sources

    if args.config is None:
        if args.source:
            raise UsageError("--source needs --config")
        return None
    if args.seeds or args.seeds_file:
        raise UsageError("give seeds or --config, not both")
    try:
        config = load_config(args.config)
        args.redis_url = args.redis_url or config.redis_url
        args.config_settings = config.settings
        return select_sources(config.sources, args.source)
    except ConfigError as error:
        raise UsageError(str(error)) from None


def _parsed(option: str, parse: Callable[[str], Any], value: str) -> Any:
    try:
        return parse(value)
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None


def schedule_overrides(args: argparse.Namespace) -> dict[str, object]:
    from datetime import datetime, timezone

    from archiver.dates import parse_refresh_after, parse_since

    overrides: dict[str, object] = {}
    if args.quiet:
        overrides |= {"LOG_LEVEL": "ERROR", "ARCHIVER_PROGRESS_ENABLED": False}
    if args.since:
        now = datetime.now(timezone.utc)
        since = _parsed("--since", lambda value: parse_since(value, now), args.since)
        overrides["ARCHIVER_SINCE"] = since.isoformat()
    if args.refresh_after:
        overrides["ARCHIVER_REFRESH_AFTER"] = _parsed("--refresh-after", parse_refresh_after,
                                                      args.refresh_after)
    if args.state:
        overrides["ARCHIVER_STATE_FILE"] = str(args.state.absolute())
    return overrides | redis_override(args)


def redis_override(args: argparse.Namespace) -> dict[str, object]:
    from archiver.cluster import REDIS_SCHEMES

    if not args.redis_url:
        return {}
    if urlsplit(args.redis_url).scheme not in REDIS_SCHEMES:
        raise UsageError(f"--redis-url: not a redis:// URL: {redact_url(args.redis_url)!r}")
    return {"ARCHIVER_CLUSTER_REDIS_URL": args.redis_url}


def enqueue_overrides(args: argparse.Namespace) -> dict[str, object]:
    from archiver.dates import parse_refresh_after

    overrides: dict[str, object] = {"ARCHIVER_MAX_PAGES": args.max_pages}
    if args.depth is not None:
        overrides["ARCHIVER_DEPTH"] = args.depth
    if args.refresh_after:
        overrides["ARCHIVER_REFRESH_AFTER"] = _parsed("--refresh-after", parse_refresh_after,
                                                      args.refresh_after)
    overrides |= redis_override(args) | setting_overrides(args.set)
    if not overrides.get("ARCHIVER_CLUSTER_REDIS_URL"):
        raise UsageError("enqueue needs --redis-url (or redis_url in the --config file)")
    return overrides


def crawl_overrides(args: argparse.Namespace) -> dict[str, object]:
    overrides: dict[str, object] = {
        "ARCHIVER_OUTPUT_DIR": str(args.out),
        "ARCHIVER_MAX_PAGES": args.max_pages,
        "LOG_LEVEL": args.log_level,
    }
    overrides |= schedule_overrides(args)
    if args.depth is not None:
        overrides["ARCHIVER_DEPTH"] = args.depth
        overrides["ARCHIVER_FEED_ENTRY_DEPTH"] = args.depth
    overrides |= getattr(args, "config_settings", {})
    for flag, setting in (("contact", "ARCHIVER_CONTACT"), ("collection", "ARCHIVER_COLLECTION"),
                          ("description", "ARCHIVER_COLLECTION_DESCRIPTION"),
                          ("browser", "ARCHIVER_BROWSER")):
        if getattr(args, flag, None):
            overrides[setting] = getattr(args, flag)
    return overrides | setting_overrides(args.set)


def _crawl_and_report(seeds: list[str], args: argparse.Namespace, sources: list | None = None
                      ) -> int:
    from archiver.run.forkserver import start_forkserver

    start_forkserver()  # first: it loads the extractor while the rest starts up
    from archiver.browser.launch import BrowserError
    from archiver.cluster import ClusterError
    from archiver.cluster.sources import NoSourcesError
    from archiver.commands.crawl import NoReportError, run_crawl
    from archiver.run.lock import LockedError
    from archiver.run.paths import OutputConflict
    from archiver.run.summary import format_summary, one_line, run_outcome
    from archiver.state.sqlite import StateError

    try:
        report = run_crawl(seeds, crawl_overrides(args), sources=sources)
    except (NoSourcesError, OutputConflict) as error:
        raise UsageError(str(error)) from None
    except LockedError as error:
        print(f"archiver: locked: {error}", file=sys.stderr)
        return EXIT_LOCKED
    except (StateError, NoReportError, OSError, ClusterError, BrowserError) as error:
        if is_disk_full(error):  # before the crawl: the lock file, the leftovers
            raise DiskFullError(getattr(error, "filename", None) or args.out) from None
        print(f"archiver: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    print(one_line(report) if args.quiet else format_summary(report))
    return _OUTCOME_EXIT[run_outcome(report)]


def command_crawl(args: argparse.Namespace) -> int:
    sources = read_sources(args)
    if sources:
        return _crawl_and_report([], args, sources)
    # A cluster worker may start without seeds: it takes the run's from Redis.
    clustered = bool(crawl_overrides(args).get("ARCHIVER_CLUSTER_REDIS_URL"))
    return _crawl_and_report(read_seeds(args, required=not clustered), args, None)


def command_enqueue(args: argparse.Namespace) -> int:
    from archiver.frontier.sources import Source

    sources = read_sources(args) or [Source.from_seeds(read_seeds(args))]
    overrides = enqueue_overrides(args)
    from archiver.cluster import ClusterError  # Scrapy and the spider: once the input is good
    from archiver.commands.enqueue import enqueue

    try:
        print(enqueue(sources, overrides).describe())
    except ClusterError as error:
        print(f"archiver: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def command_demo(args: argparse.Namespace) -> int:
    from archiver.demo.server import SiteServer

    with SiteServer() as server:
        print(f"Serving the demo site at {server.base_url}/")
        return _crawl_and_report([f"{server.base_url}/"], args)


def command_extract(args: argparse.Namespace) -> int:
    from archiver.commands.extract import extract_files, extract_logged

    missing = [str(path) for path in args.warcs if not path.is_file()]
    if missing:
        raise UsageError(f"no such WARC file: {missing[0]}")
    if args.from_log is not None:
        if not args.from_log.is_file():
            raise UsageError(f"no such crawl log: {args.from_log}")
        print(extract_logged(args.from_log, args.warcs, args.out,
                             keep_non_articles=args.keep_non_articles))
        return EXIT_OK
    if not args.warcs:
        raise UsageError("give WARC files, or --from-log with a crawl log")
    extraction = extract_files(args.warcs, args.out, keep_non_articles=args.keep_non_articles)
    print(extraction.summary)
    return EXIT_FAILURE if extraction.damages else EXIT_OK


def _existing(paths: list[Path]) -> list[Path]:
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    return paths


def command_index(args: argparse.Namespace) -> int:
    from archiver.commands.warc_tools import index_files

    try:
        for line in index_files(_existing(args.paths), merged=args.out):
            print(line)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    return EXIT_OK


def command_validate(args: argparse.Namespace) -> int:
    from archiver.commands.warc_tools import validate_files

    line = ""
    for line in validate_files(_existing(args.paths)):
        print(line, flush=True)
    return EXIT_OK if line.startswith("OK") else EXIT_FAILURE


def command_recover(args: argparse.Namespace) -> int:
    from archiver.commands.recover import describe, recover_output
    from archiver.run.lock import LockedError

    try:
        print(describe(recover_output(_existing([args.outdir])[0])))
    except LockedError as error:
        print(f"archiver: locked: {error}", file=sys.stderr)
        return EXIT_LOCKED
    return EXIT_OK


def command_pack(args: argparse.Namespace) -> int:
    from archiver.commands.warc_tools import pack_outputs

    try:
        print(pack_outputs(_existing(args.outdirs), args.out, title=args.title,
                           description=args.description))
    except (FileNotFoundError, ValueError) as error:
        raise UsageError(str(error)) from None
    return EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from archiver.dates import parse_since
    from archiver.records.export import ExportError, export

    since = None
    if args.since:
        now = datetime.now(timezone.utc)
        since = _parsed("--since", lambda value: parse_since(value, now), args.since)
    fields = [f.strip() for f in args.fields.split(",") if f.strip()] if args.fields else None
    try:
        result = export(_existing([args.outdir])[0], args.format, fields=fields, since=since,
                        out=args.out, stdout=sys.stdout)
    except ExportError as error:
        raise UsageError(str(error)) from None
    print(result.describe(str(args.out or "stdout")), file=sys.stderr)
    return EXIT_OK


def command_report(args: argparse.Namespace) -> int:
    from archiver.reports.html import ReplayLinks, write_report_html

    try:
        target = write_report_html(_existing([args.outdir])[0], report_file=args.run,
                                   target=args.out, links=ReplayLinks(port=args.port))
    except (FileNotFoundError, ValueError, KeyError) as error:
        raise UsageError(str(error)) from None
    print(f"Wrote {target}")
    return EXIT_OK


def command_replay(args: argparse.Namespace) -> int:
    from archiver.commands.replay import ReplayError, serve_forever

    try:
        serve_forever(_existing([args.outdir])[0], args.port, settings.ARCHIVER_REPLAY_COLLECTION)
    except ReplayError as error:
        print(f"archiver: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


COMMANDS = {"crawl": command_crawl, "enqueue": command_enqueue,
            "extract": command_extract, "demo": command_demo,
            "index": command_index, "validate": command_validate, "pack": command_pack,
            "recover": command_recover,
            "export": command_export, "report": command_report, "replay": command_replay}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in ("extract", "enqueue"):  # crawls log through Scrapy's LOG_* settings
        logging.basicConfig(level="WARNING", format="%(levelname)s %(name)s: %(message)s")
        install_log_filter()
    try:
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"archiver: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("archiver: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except DiskFullError as error:  # the files are left whole, for the next run to go on from
        print(f"archiver: {error}: stopped; free some space and run again", file=sys.stderr)
        return EXIT_FAILURE


def run() -> None:
    """The `archiver` command: main(), then an exit without the collector's last passes.

    At exit Python runs full garbage collections over every object left, about
    0.3-0.4 s after a crawl (Scrapy, Twisted, lxml and the rest loaded). By the
    time main() returns, every file it wrote is closed and renamed, so the objects
    still alive are frozen out of those passes (gc.freeze). Objects without cycles
    are still released, and atexit handlers (logging, multiprocessing) still run.
    """
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
