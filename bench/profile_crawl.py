"""Where the crawl process's CPU goes, by archiver component, on the benchmark site.

Runs `archiver crawl` over the `make bench` site (built if missing, requisites off)
under py-spy (`pip install py-spy`; not a dependency of the project) and prints the
share of the crawl process's samples each component takes, beside its CPU ms a page
(the crawl process's CPU time, from /proc, shared out by those shares).

py-spy samples only the thread holding the GIL (`--gil`): an idle reactor waits in
epoll without it, and py-spy's own idle detection counts such waits as busy. Work done
in C with the GIL released (zlib, SQLite) is undercounted. A sample goes to the owner
of its innermost frame that is archiver's, Scrapy's or Twisted's (or pebble's, the
extraction pool's threads): what archiver code calls in other libraries (warcio,
sqlite3, json) counts for that code, what Scrapy calls in them for Scrapy, and what
archiver's subclasses hand on to Scrapy's code (`super()`) for Scrapy. Imports count
as start-up. On a loaded machine a thread that holds the GIL but waits for a core is
sampled too, so the shares, not the sample counts, are what to compare.

`--baseline-code DIR` profiles another checkout's crawl too, alternately, in one run.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.run import (  # noqa: E402
    ARCHIVER,
    BUILT,
    CRAWL_SETTINGS,
    OUTPUT,
    SITES,
    ensure_site,
    run_watched,
    served,
    site_pages,
    site_port,
)

START_UP = "start-up (imports)"
SCRAPY = "Scrapy / Twisted itself"
POOL = "extraction pool's threads (pebble)"
OTHER = "other threads (stdlib)"
# Archiver components by the paths of their modules, the first match deciding.
COMPONENTS = [
    ("download handler, wire capture", ("archiver/core/download_handler", "archiver/core/wire")),
    ("WARC writing", ("archiver/warc/", "archiver/extensions/warc_capture")),
    ("state (SQLite)", ("archiver/state/", "archiver/extensions/crawl_state")),
    ("frontier, admission, scheduler", ("archiver/frontier/", "archiver/core/scheduler",
                                        "archiver/core/queued_request",
                                        "archiver/spidermiddlewares/")),
    ("spider callbacks, discovery", ("spiders/", "archiver/discovery/")),
    ("extraction hand-off (pipeline, pool)", ("archiver/pipelines/extraction",
                                              "archiver/extraction/")),
    ("records (build, validate, JSONL)", ("archiver/records/", "archiver/pipelines/",
                                          "archiver/items", "archiver/dates")),
    ("reports at the end", ("archiver/extensions/report_page", "archiver/reports/",
                            "archiver/run/summary")),
    ("other extensions (crawl log, requisites, stats)", ("archiver/extensions/",
                                                         "archiver/run/crawl_log",
                                                         "archiver/core/stats")),
    ("downloader middlewares", ("archiver/downloadermiddlewares/",)),
]
# The runner: what runs under it is Scrapy's.
RUNNER = ("archiver/commands/", "archiver/cli")
ORDER = [START_UP, *(name for name, _ in COMPONENTS), "other archiver", SCRAPY, POOL, OTHER]
FRAME_PATH = re.compile(r"\((.*?):\d+\)$")
PY_SPY = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")


def owner(frames: list[str]) -> str:
    """The component a sample (py-spy's frames, outermost first) counts for."""
    if any("_find_and_load" in frame for frame in frames):
        return START_UP
    for frame in reversed(frames):
        match = FRAME_PATH.search(frame)
        path = match.group(1) if match else ""
        if path.startswith(("archiver/", "spiders/")):
            if path.startswith(RUNNER):
                return SCRAPY
            return next((name for name, prefixes in COMPONENTS if path.startswith(prefixes)),
                        "other archiver")
        # (py-spy names a library's files from its package: "scrapy/core/engine.py".)
        if path.startswith(("scrapy/", "twisted/")) or "/scrapy/" in path or "/twisted/" in path:
            return SCRAPY
        if path.startswith("pebble/") or "/pebble/" in path:
            return POOL
    return OTHER


def shares(raw: Path) -> dict[str, float]:
    counts: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack:
            counts[owner(stack.split(";"))] += int(count)
    total = sum(counts.values()) or 1
    return {name: counts[name] / total for name in ORDER}


def profiled_crawl(site: Path, port: int, work: Path, code: Path | None) -> tuple[dict, float]:
    """The component shares of one crawl and its crawl process's CPU ms a page."""
    raw, out = work / "profile.raw", work / "crawl"
    shutil.rmtree(out, ignore_errors=True)
    with served(site, port) as sitemap_url:
        command = [PY_SPY, "record", "--gil", "--format", "raw", "--rate", "250",
                   "--output", str(raw), "--", *ARCHIVER, "crawl", sitemap_url, "--out", str(out)]
        for setting in [*CRAWL_SETTINGS, "ARCHIVER_REQUISITES=none", "ARCHIVER_EMBEDS=same-site"]:
            command += ["--set", setting]
        _, watcher, exit_code, _ = run_watched(command, cwd=code)
    if exit_code != 0:
        raise SystemExit(f"the profiled crawl failed (exit code {exit_code})")
    # The watched root is py-spy; the crawl process is the one running archiver.cli.
    crawl_cpu = sum(watcher.cpu[pid] for pid, (name, _) in watcher.peak_rss.items()
                    if "archiver.cli" in name)
    return shares(raw), crawl_cpu / site_pages(site) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--baseline-code", type=Path, metavar="DIR")
    parser.add_argument("--site", choices=SITES, default=BUILT,
                        help="the site bench/run.py --site names (real: the real pages)")
    parser.add_argument("--keep-raw", type=Path, metavar="DIR",
                        help="keep py-spy's samples (raw format) in DIR as LABEL.raw")
    args = parser.parse_args(argv)
    if not Path(PY_SPY).is_file():
        print("py-spy is not installed (pip install py-spy)", file=sys.stderr)
        return 2
    output = args.output.resolve()
    port = site_port(args.site, args.pages, output)
    site = ensure_site(args.site, args.pages, port, output)
    codes = {"this": None}
    if args.baseline_code:
        codes = {"baseline": args.baseline_code.resolve(), "this": None}
    results = {}
    with tempfile.TemporaryDirectory(prefix="profile-crawl-") as work:
        for label, code in codes.items():
            results[label] = profiled_crawl(site, port, Path(work), code)
            if args.keep_raw:
                args.keep_raw.mkdir(parents=True, exist_ok=True)
                shutil.copy(Path(work) / "profile.raw", args.keep_raw / f"{label}.raw")
    print(f"Crawl process by component, {args.pages} pages of the {args.site} site, requisites off "
          "(share of samples; CPU ms a page)")
    print("| component | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    for name in ORDER:
        cells = [f"{found[name] * 100:4.1f} % ({found[name] * ms:.2f} ms)"
                 for found, ms in results.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("| crawl process, CPU ms a page | "
          + " | ".join(f"{ms:.2f}" for _, ms in results.values()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
