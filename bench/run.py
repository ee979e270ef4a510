"""`make bench`: end-to-end crawl throughput against plain trafilatura, measured in one run.

For each site size: build the site (cached under bench-output/), time plain
single-process `trafilatura.extract` over its pages (the reference), serve it
gzip-encoded from another process, run `archiver crawl SITEMAP_URL` and watch
every process of the crawl for peak RSS and CPU time: once with page requisites
off (ARCHIVER_REQUISITES=none: the pages alone, comparable with earlier runs) and
once on (the default: each article's stylesheet, font, images, shared or its own).
Politeness delays are switched off for the crawl: the benchmark measures the
pipeline, not the courtesy a real site gets.

Then the ceiling of this machine for any pipeline built from the same parts:
plain trafilatura shared out among one process per core (its speed-up over
one process timed alternately on the same pages), plus Scrapy fetching the
same site and doing nothing else, as if the two overlapped perfectly on the
cores (which favours the ceiling: it leaves out the server, WARC writing,
records and everything but trafilatura's own extraction).

`--browser`: the crawl with `--browser` (every page loaded again in headless Chromium
after its plain fetch), pages/s and peak memory with the browser's processes included
(the largest process, and the sum of all the crawl's processes at the moment it peaked).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "bench-output"
PYTHON = sys.executable
ARCHIVER = [PYTHON, "-m", "archiver.cli"]
# Local benchmark: no politeness delay, enough concurrency to keep workers busy.
CRAWL_SETTINGS = ["AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0",
                  "CONCURRENT_REQUESTS=32", "CONCURRENT_REQUESTS_PER_DOMAIN=32"]
# Pages timed for trafilatura's scaling from one process to one per core.
SCALING_SAMPLE = 1000
TARGET_RATIO = 1.5
TARGET_RSS_MB = 250


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_site(count: int, port: int, output: Path) -> Path:
    site = output / f"site-{count}"
    manifest = site / "manifest.json"
    base_url = f"http://127.0.0.1:{port}"
    if manifest.is_file() and json.loads(manifest.read_text())["base_url"] == base_url:
        return site
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([PYTHON, str(HERE / "build_site.py"), str(site), "--pages", str(count),
                    "--base-url", base_url], check=True, stdout=subprocess.DEVNULL)
    return site


class Watcher:
    """Samples a process tree: peak RSS per process, CPU seconds of all of them."""

    def __init__(self, root: psutil.Popen) -> None:
        self.root = root
        self.peak_rss: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}
        self.peak_total = 0
        """The most memory of all the processes together at one sample: the sum of their
        PSS (shared pages divided among their sharers; Chromium's processes share much),
        where /proc allows, else of their RSS."""

    def sample(self) -> None:
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        total = 0
        for process in processes:
            try:
                with process.oneshot():
                    rss = process.memory_info().rss
                    times = process.cpu_times()
                    proportional = _pss(process, rss)
                    name = " ".join(process.cmdline()[1:3])[-60:] or process.name()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            _, peak = self.peak_rss.get(process.pid, (name, 0))
            self.peak_rss[process.pid] = (name, max(peak, rss))
            self.cpu[process.pid] = times.user + times.system
            total += proportional
        self.peak_total = max(self.peak_total, total)

    def watch(self, interval: float = 0.2) -> None:
        while self.root.poll() is None:
            self.sample()
            time.sleep(interval)


def _pss(process: psutil.Process, rss: int) -> int:
    try:
        return getattr(process.memory_full_info(), "pss", rss)
    except (psutil.AccessDenied, psutil.ZombieProcess):
        return rss


def run_watched(command: list[str]) -> tuple[float, Watcher, int, str]:
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    watcher = Watcher(process)
    watcher.watch()
    elapsed = time.perf_counter() - started
    if process.returncode:
        sys.stderr.write(process.stderr.read().decode()[-3000:])
    return elapsed, watcher, process.returncode, process.stdout.read().decode()


def site_pages(site: Path) -> int:
    """How many pages the built site has (robots.txt and the sitemap aside)."""
    return json.loads((site / "manifest.json").read_text())["count"]


def reference(site: Path, processes: int = 1, limit: int | None = None) -> dict:
    command = [PYTHON, str(HERE / "reference.py"), str(site / "plain"),
               "--processes", str(processes)]
    if limit:
        command += ["--limit", str(limit)]
    _, watcher, code, stdout = run_watched(command)
    assert code == 0, "reference run failed"
    elapsed = float(stdout.strip())
    docs = min(site_pages(site), limit) if limit else site_pages(site)
    return {"docs": docs, "seconds": elapsed, "docs_per_s": docs / elapsed,
            "peak_rss_mb": max(rss for _, rss in watcher.peak_rss.values()) / 2**20}


@contextlib.contextmanager
def served(site: Path, port: int) -> Iterator[str]:
    """The site served from another process; yields its sitemap's URL."""
    server = subprocess.Popen([PYTHON, str(HERE / "serve.py"), str(site), "--port", str(port)],
                              stdout=subprocess.PIPE)
    server.stdout.readline()
    try:
        yield f"http://127.0.0.1:{port}/sitemap.xml"
    finally:
        server.terminate()
        server.wait()


def crawl(site: Path, port: int, output: Path, requisites: str = "none",
          browser: bool = False) -> dict:
    suffix = ("" if requisites == "none" else "-requisites") + ("-browser" if browser else "")
    out = output / f"crawl-{site.name}{suffix}"
    shutil.rmtree(out, ignore_errors=True)
    with served(site, port) as sitemap_url:
        command = [*ARCHIVER, "crawl", sitemap_url, "--out", str(out)]
        command += ["--browser"] if browser else []
        # Same-site requisites: the templates also name images on made-up hosts (*.example)
        # that a crawl allowed "any" host would look up in the DNS, and fail.
        for setting in [*CRAWL_SETTINGS, f"ARCHIVER_REQUISITES={requisites}",
                        "ARCHIVER_EMBEDS=same-site"]:
            command += ["--set", setting]
        elapsed, watcher, code, _ = run_watched(command)
    report = json.loads((out / "report.json").read_text())
    pages = site_pages(site)
    assert report["counts"]["http_status"].get("200", 0) >= pages, "the crawl missed pages"
    cpu = sum(watcher.cpu.values())
    embeds = report["counts"]["requisites"]["by_type"].values()
    return {
        "exit_code": code, "pages": pages, "articles": report["counts"]["articles_written"],
        "requisites": requisites, "requisites_fetched": sum(kind["fetched"] for kind in embeds),
        "seconds": elapsed, "pages_per_s": pages / elapsed,
        "processes": sorted(((name, rss / 2**20, watcher.cpu.get(pid, 0.0))
                             for pid, (name, rss) in watcher.peak_rss.items()),
                            key=lambda item: -item[1]),
        "cpu_utilization": cpu / (elapsed * (os.cpu_count() or 1)),
        "peak_total_mb": watcher.peak_total / 2**20,
        "from_browser": sum(json.loads(line).get("capture") == "browser" for path in
                            (out / "records").glob("*.jsonl") for line in open(path)),
    }


def bare_crawl(site: Path, port: int) -> dict:
    with served(site, port) as sitemap_url:
        result = subprocess.run([PYTHON, str(HERE / "bare_crawl.py"), sitemap_url],
                                capture_output=True, text=True, check=True)
    bare = json.loads(result.stdout)
    pages = site_pages(site)
    assert bare["pages"] == pages, f"Scrapy alone fetched {bare['pages']} of {pages} pages"
    return bare


def parallel_scaling(site: Path, cores: int) -> float:
    """How many times its one-process rate trafilatura reaches in one process per core.

    Timed as one process, the pool, the pool, one process (ABBA), so that a
    machine whose speed drifts during the run (a shared one does) favours
    neither side.
    """
    seconds = {1: 0.0, cores: 0.0}
    for processes in (1, cores, cores, 1):
        seconds[processes] += reference(site, processes, SCALING_SAMPLE)["seconds"]
    return seconds[1] / seconds[cores]


def ceiling(ref: dict, scaling: float, bare: dict, cores: int) -> float:
    """Pages/s if extraction on every core and Scrapy's CPU time overlapped perfectly."""
    pooled_docs_per_s = ref["docs_per_s"] * scaling
    return ref["docs"] / (ref["docs"] / pooled_docs_per_s + bare["cpu_seconds"] / cores)


def machine() -> str:
    memory = psutil.virtual_memory().total / 2**30
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"{memory:.0f} GiB, Python {platform.python_version()}, {platform.system()}")


def print_row(count: int, ref: dict, result: dict) -> bool:
    ratio = result["pages_per_s"] / ref["docs_per_s"]
    peak = max(rss for _, rss, _ in result["processes"])
    print(f"| {count:>6} | {ref['docs_per_s']:8.1f} | {result['pages_per_s']:8.1f} | "
          f"{ratio:5.2f}x | {peak:7.0f} | {len(result['processes']):3} | "
          f"{result['cpu_utilization'] * 100:5.0f}% | {result['articles']:6} | "
          f"{result['requisites']} ({result['requisites_fetched']} fetched) |")
    for name, rss, cpu in result["processes"]:
        print(f"|        |          |          |        | {rss:7.0f} |     "
              f"| {cpu:5.1f} s CPU | {name}")
    return ratio >= TARGET_RATIO and peak <= TARGET_RSS_MB and result["exit_code"] == 0


def print_ceiling(count: int, ref: dict, result: dict, scaling: float, bare: dict,
                  cores: int) -> None:
    best = ceiling(ref, scaling, bare, cores)
    per_page_ms = bare["cpu_seconds_after_first_page"] / max(bare["pages"], 1) * 1000
    start_up = bare["cpu_seconds"] - bare["cpu_seconds_after_first_page"]
    print(f"| {count:>6} | {ref['docs_per_s'] * scaling:8.1f} ({scaling:.2f}x) "
          f"| {per_page_ms:5.1f} ms + {start_up:.1f} s "
          f"| {best:8.1f} | {best / ref['docs_per_s']:5.2f}x "
          f"| {result['pages_per_s'] / best * 100:4.0f}% |")


def browser_mode(counts: list[int], output: Path) -> int:
    """The crawl with --browser: pages/s and peak memory, the browser's processes included."""
    print(f"Machine: {machine()}")
    print("Browser mode (--browser: each page fetched, then loaded in headless Chromium)")
    print("| pages  | archiver --browser pages/s | peak PSS MB, all processes at once "
          "| largest process MB | procs | CPU | articles (from the browser) |")
    print("|---|---|---|---|---|---|---|")
    for count in counts:
        port = free_port()
        site = ensure_site(count, port, output)
        result = crawl(site, port, output, browser=True)
        largest = max(result["processes"], key=lambda item: item[1])
        print(f"| {count:>6} | {result['pages_per_s']:8.2f} | {result['peak_total_mb']:7.0f} "
              f"| {largest[1]:7.0f} ({largest[0][-30:]}) | {len(result['processes']):3} "
              f"| {result['cpu_utilization'] * 100:5.0f}% | {result['articles']:6} "
              f"({result['from_browser']}) |")
        sys.stdout.flush()
        if result["exit_code"] != 0:
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--browser", action="store_true",
                        help="the crawl with --browser (headless Chromium) instead")
    args = parser.parse_args(argv)
    if args.browser:
        return browser_mode(args.pages, args.output)
    cores = os.cpu_count() or 1
    print(f"Machine: {machine()}")
    print("| pages  | trafilatura docs/s | archiver pages/s | ratio | peak RSS MB | procs "
          "| CPU | articles | requisites |")
    print("|---|---|---|---|---|---|---|---|---|")
    passed, ceilings = True, []
    for count in args.pages:
        port = free_port()
        site = ensure_site(count, port, args.output)
        ref = reference(site)
        result = crawl(site, port, args.output)
        passed &= print_row(count, ref, result)
        sys.stdout.flush()
        print_row(count, ref, crawl(site, port, args.output, "articles"))
        sys.stdout.flush()
        ceilings.append((count, ref, result, parallel_scaling(site, cores),
                         bare_crawl(site, port)))
    print(f"Targets: ratio >= {TARGET_RATIO}x, every process <= {TARGET_RSS_MB} MB: "
          f"{'met' if passed else 'NOT met'}")
    print(f"\nCeiling of this machine: trafilatura in {cores} processes (its scaling timed ABBA "
          f"on up to {SCALING_SAMPLE} pages) plus Scrapy alone (CPU a page after the first, "
          "+ start-up), overlapped perfectly")
    print(f"| pages  | trafilatura in {cores} processes docs/s | Scrapy alone CPU "
          "| ceiling pages/s | ceiling ratio | archiver / ceiling |")
    print("|---|---|---|---|---|---|")
    for row in ceilings:
        print_ceiling(*row, cores)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
