"""Every default of the project, grouped by prefix (the Scrapy settings module).

`scrapy crawl news` and `archiver crawl` both load this module; command-line
options only override values defined here. Components read their settings from
the crawler and never carry defaults of their own.
"""

from __future__ import annotations

BOT_NAME = "archiver"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- Output -----------------------------------------------------------------
ARCHIVER_OUTPUT_DIR = "output"
# Sub-folders of the output folder.
ARCHIVER_WARC_SUBDIR = "warc"
ARCHIVER_RECORDS_SUBDIR = "records"
ARCHIVER_REPORT_FILE = "report.json"

# --- WARC capture -------------------------------------------------------------
ARCHIVER_WARC_ENABLED = True
ARCHIVER_WARC_PREFIX = "archiver"
# A file is closed and a new one started once it reaches this size.
ARCHIVER_WARC_MAX_SIZE = 1024**3
# zlib's level for each record's gzip member, 1 (fastest) to 9. 6 is gzip's and zlib's
# default (wget's WARC files, Heritrix's Java Deflater); warcio's writer alone uses 9,
# which on real news pages costs twice the CPU (4.1 against 2.2 ms a 150 KB page,
# most of the crawl process's time a page) for files 0.6 % smaller.
ARCHIVER_WARC_GZIP_LEVEL = 6
# Free-text description written into each file's warcinfo record.
ARCHIVER_WARC_OPERATOR = ""
# The collection the WARC files are part of (warcinfo `isPartOf`) and what it is
# (`description`); `--collection` / `--description`, or the sources file's top-level
# `collection` / `description`.
ARCHIVER_COLLECTION = ""
ARCHIVER_COLLECTION_DESCRIPTION = ""
# The warcinfo record lists the run's seeds, at most this many (then how many more).
ARCHIVER_WARCINFO_MAX_SEEDS = 100
# Write a revisit record instead of a 2xx payload already archived (this run or an
# earlier one into the same output folder), found through a persistent digest index.
ARCHIVER_WARC_DEDUP_ENABLED = True
# The digest index: an SQLite file, relative to the output folder.
ARCHIVER_WARC_DEDUP_INDEX = "warc-digests.sqlite3"
# Write a sorted CDXJ index (NAME.cdxj) beside each WARC file when it is closed.
ARCHIVER_WARC_CDXJ_ENABLED = True

# --- Crawl --------------------------------------------------------------------
# Comma-separated seeds (pages, feeds, sitemaps); `archiver crawl` fills this in.
ARCHIVER_SEEDS = ""
# Link hops followed from a page seed.
ARCHIVER_DEPTH = 2
# Link hops followed from entries of feeds and sitemaps (they are article
# candidates, not hubs); `--depth` on the command line sets both.
ARCHIVER_FEED_ENTRY_DEPTH = 0
# Stop scheduling new pages after this many (0: no limit).
ARCHIVER_MAX_PAGES = 0
# Contact named in the User-Agent so that site owners can reach the operator.
ARCHIVER_CONTACT = "https://github.com/archiver-project/archiver"
# The User-Agent sent with every request ({version} and {contact} are filled in).
ARCHIVER_USER_AGENT = "archiver/{version} (+{contact})"
# Keep the contact out of everything the run writes or prints (WARC files, logs,
# reports): the User-Agent sent still names it, copies say "contact withheld".
ARCHIVER_CONTACT_PRIVATE = False
# Send every request through this HTTP proxy: "http://[USER:PASSWORD@]HOST:PORT"; ""
# for none (Scrapy still honours http_proxy / https_proxy from the environment). The
# credentials go to the proxy only, never into a WARC file, a log or a report. The
# proxy resolves host names, so the connected-address check of ARCHIVER_SAFETY_* cannot
# apply to them: the proxy must refuse private addresses itself.
ARCHIVER_PROXY = ""
# Largest gzip sitemap/feed body that is decompressed, in bytes.
ARCHIVER_MAX_DECOMPRESSED_SIZE = 50 * 1024**2
# Listings found in listings (robots.txt `Sitemap:` lines, sitemap index children) are
# fetched down to this many levels below a seed (robots.txt -> index -> index -> sitemap
# is 3), and the entries of the deepest ones one level further (a page entry that is a
# listing after all, a urlset of urlsets, counts at its level); deeper ones are skipped
# as `sitemap_too_deep`. A hostile site can nest listings without end.
ARCHIVER_SITEMAP_MAX_DEPTH = 5
# At most this many such listings are fetched per source and run (per worker in a
# cluster; seeds not counted); more are skipped as `sitemap_limit`. 0: no limit.
ARCHIVER_SITEMAP_MAX_FETCHES = 1000

# --- Page requisites (archiver.extensions.requisites) -------------------------------
# Whose requisites (images, srcset picks, stylesheets and their fonts and backgrounds,
# icons, scripts, video/audio posters and sources, og:image) are fetched and archived:
# "articles" (pages that make a record, or would were they not unchanged), "all" HTML
# pages archived, or "none". Each is fetched once a run, with hop type E and the page as
# Referer, from where the source's `embeds` allows ("any" host by default).
ARCHIVER_REQUISITES = "articles"
# Where requisites may come from, for sources whose `embeds` is not set (and seeds given
# on the command line): "any" host (image CDNs), the "same-site" (registrable domain)
# as the source's allowed domains, or "none". Links are never followed off the source's
# domains whatever this says.
ARCHIVER_EMBEDS = "any"
# Each requisite's download is cut at this many bytes (archived with WARC-Truncated:
# length, and not pointed at by a record); 0: DOWNLOAD_MAXSIZE.
ARCHIVER_REQUISITES_MAXSIZE = 10 * 1024**2
# Obey each requisite host's robots.txt (as Heritrix does by default); False fetches
# images, stylesheets and fonts that robots.txt keeps crawlers away from.
ARCHIVER_REQUISITES_OBEY_ROBOTSTXT = True
# Stylesheets are read for their url() and @import this many deep (a page's stylesheet
# is 1, one it imports 2, ...).
ARCHIVER_REQUISITES_CSS_DEPTH = 3
# Seconds a record waits for the captures of its images before it is written without
# their pointers (an image still downloading, or never fetched by a stopping crawl).
# A cluster worker does not wait (archiver.cluster.settings).
ARCHIVER_REQUISITES_WAIT = 60.0

# --- Safety (archiver.downloadermiddlewares.private_address) -------------------------
# Fetch loopback, private, link-local (169.254.169.254), multicast and reserved
# addresses even when no seed is on them. The address connected to is checked, not
# only the host name. Without it, only a seed's own host and port (and the ports a
# source lists in `private_ports`) may be such an address.
ARCHIVER_SAFETY_ALLOW_PRIVATE_ADDRESSES = False

# --- Discovery ------------------------------------------------------------------
# Fetch the feeds a seed page announces in <link rel="alternate" type="...rss+xml|
# atom+xml|feed+json">.
ARCHIVER_FEED_AUTODISCOVERY = True
# Skip feed and sitemap entries (and child sitemaps) whose newest date is older than
# this: an ISO 8601 date or date-time, or a duration back from the start (6h, 2d);
# "" for no limit. `--since` fills it in.
ARCHIVER_SINCE = ""

# --- Crawl state (incremental runs) ------------------------------------------------
ARCHIVER_STATE_ENABLED = True
# The backends (archiver.state.backends); cluster mode sets the Redis ones.
ARCHIVER_STATE_CLASS = "archiver.state.sqlite.CrawlState"
ARCHIVER_DIGEST_INDEX_CLASS = "archiver.warc.dedup.DigestIndex"
ARCHIVER_PAGE_BUDGET_CLASS = "archiver.frontier.admission.PageBudget"
# The SQLite state: relative to the output folder unless absolute.
ARCHIVER_STATE_FILE = "state.sqlite3"
# Seconds (or a duration: 6h, 2d) after which a known article is fetched again, with
# If-None-Match / If-Modified-Since; -1 or "never": only when a feed or sitemap gives
# it a newer date. `--refresh-after` fills it in.
ARCHIVER_REFRESH_AFTER = -1
# A fetch that failed for a reason that may pass (network error, 5xx, 429) stays
# queued for later runs until it has failed this many times.
ARCHIVER_STATE_MAX_ATTEMPTS = 3
# Scheduled requests wait on disk, not in memory (archiver.core.scheduler), in a folder
# `.scheduler-queue-PID` of the output folder that goes when the run ends.
ARCHIVER_SCHEDULER_DISK_QUEUE = True
# A feed or sitemap's entries are admitted and scheduled this many at a time, as Scrapy
# takes them, so that a sitemap of 50,000 URLs is never 50,000 requests in memory.
ARCHIVER_LISTING_CHUNK = 500

# --- Stopping (archiver.extensions.shutdown) -----------------------------------------
# On SIGTERM or SIGINT the crawl takes no new page and lets the downloads in flight
# finish for at most this many seconds; those still running are then cut short (what
# came is archived as truncated) and stay queued for the next run. A second signal
# cuts them at once.
ARCHIVER_SHUTDOWN_TIMEOUT = 30.0
# Once downloads are cut (or the disk is full), closing files, state and report may take
# this long; past it the process ends, leaving `.open` files for the next run to finish.
ARCHIVER_SHUTDOWN_CLOSE_TIMEOUT = 10.0

# --- Scheduled runs ---------------------------------------------------------------
# One run per output folder: the lock file, in the output folder.
ARCHIVER_LOCK_FILE = ".archiver.run.lock"
# Each run's report is also kept as reports/run-STAMP.json.
ARCHIVER_REPORTS_SUBDIR = "reports"

# --- Crawl log (archiver.extensions.crawl_log) ---------------------------------------
# One JSON line per URL of the run (fetched, not modified, skipped, failed, no record and
# why, the record's id), in logs/crawl-STAMP-HOST.jsonl; report.html links to it.
ARCHIVER_CRAWL_LOG_ENABLED = True
ARCHIVER_LOGS_SUBDIR = "logs"
# A URL skipped again and again (an off-site link on every page) is logged once; this many
# skipped URLs are remembered (about 100 bytes each), past that they may be logged again.
ARCHIVER_CRAWL_LOG_MAX_REMEMBERED_SKIPS = 100_000

# --- Run report page (report.html beside report.json) -------------------------------
ARCHIVER_REPORT_HTML_ENABLED = True
ARCHIVER_REPORT_HTML_FILE = "report.html"
# At most this many columns in the chart of fetches over time (each at least 1 s wide).
ARCHIVER_REPORT_HTML_TIME_BUCKETS = 40
# The article list shows this many, the most recently published; the run's JSONL file
# holds them all. A page listing 100,000 articles would be too big to open, and building
# it would cost the crawl process memory in proportion.
ARCHIVER_REPORT_HTML_MAX_ARTICLES = 1000

# --- Live progress (stderr) ----------------------------------------------------------
# On a terminal: a live panel (rich); otherwise (cron, CI, a pipe) one plain line every
# ARCHIVER_PROGRESS_INTERVAL seconds. `--quiet` turns it off.
ARCHIVER_PROGRESS_ENABLED = True
ARCHIVER_PROGRESS_INTERVAL = 30.0
# Seconds between refreshes of the live panel on a terminal.
ARCHIVER_PROGRESS_REFRESH = 0.5

# --- Replay (`archiver replay`, and the article links of report.html) ---------------
ARCHIVER_REPLAY_PORT = 8090
ARCHIVER_REPLAY_COLLECTION = "archive"
# pywb's replay modifier in the links: "mp_" rewrites the page into the archive without
# pywb's frame; "id_" gives back the archived payload byte for byte; "" framed.
ARCHIVER_REPLAY_MODIFIER = "mp_"
# Folder holding pywb's `wayback` executable; "" looks in the checkout's .venv-replay/bin,
# then on PATH.
ARCHIVER_REPLAY_BIN = ""

# --- Cluster (several workers on one Redis server; see docs/cluster.md) --------------
# redis://HOST:PORT/DB shared by every worker of one crawl: the scheduler queue, the
# duplicate filter (scrapy-redis), the crawl state and the WARC digest index then live
# there. "" (the default): one process, SQLite state, Redis not needed. `--redis-url`.
ARCHIVER_CLUSTER_REDIS_URL = ""
# Every Redis key of the crawl starts with this (two archives on one server: two prefixes).
ARCHIVER_CLUSTER_KEY_PREFIX = "archiver"
# This worker's name (in Redis keys and output file names); "" for HOST-PID.
ARCHIVER_CLUSTER_WORKER_ID = ""
# A worker stops once the queue is empty and no worker has had a request in flight
# for this many seconds.
ARCHIVER_CLUSTER_IDLE_TIMEOUT = 10.0
# Seconds between a worker's heartbeats; a worker silent for ARCHIVER_CLUSTER_HEARTBEAT_TTL
# seconds is taken for dead and its in-flight requests are put back on the queue.
ARCHIVER_CLUSTER_HEARTBEAT_INTERVAL = 5.0
ARCHIVER_CLUSTER_HEARTBEAT_TTL = 30.0
# Seconds between a worker's looks at the shared queue while it has room for more
# requests (Scrapy's engine alone looks only every 5 s once its own queue ran dry).
ARCHIVER_CLUSTER_POLL_INTERVAL = 0.5
# Push the requests a page yields to the shared queue at once (set by cluster mode).
ARCHIVER_CLUSTER_ENQUEUE_EARLY = False

# --- Browser capture (archiver.core.browser_handler, archiver.browser) ----------------
# Pages loaded in headless Chromium (scrapy-playwright, Playwright driving Debian's
# chromium): "" (off: no browser is started, Playwright is not even imported), "true"
# (every HTML page is loaded again in the browser after its plain fetch; feeds, sitemaps
# and robots.txt never are), "auto" (only a page that gave no record and looks built by
# a script). `--browser` fills it in; a source's `browser` key wins for that source.
ARCHIVER_BROWSER = ""
# The Chromium (or Chrome) executable; "" looks for chromium, chromium-browser,
# google-chrome on PATH.
ARCHIVER_BROWSER_EXECUTABLE = ""
# Pages open in the browser at once (one browser process, one context).
ARCHIVER_BROWSER_MAX_PAGES = 4
# Seconds a page may take in the browser, all told (load, idle, scrolling, screenshot);
# past it the page is closed and skipped (reason browser_timeout).
ARCHIVER_BROWSER_PAGE_TIMEOUT = 60.0
# Seconds to wait for the network to go idle (no request for 500 ms) after the load and
# after scrolling; past it the page is captured as it is (stat archiver/browser/not_idle).
ARCHIVER_BROWSER_IDLE_TIMEOUT = 10.0
# Scroll to the end of the page in steps of one viewport, at most this many, pausing
# this many seconds after each so that lazy images load. No clicks.
ARCHIVER_BROWSER_SCROLL_STEPS = 20
ARCHIVER_BROWSER_SCROLL_PAUSE = 0.2
# Browser window size (pixels) for layout and the screenshot (the visible viewport).
ARCHIVER_BROWSER_VIEWPORT = "1280x900"

# --- Extraction ---------------------------------------------------------------
# A page is an article only with at least this much body text ...
ARCHIVER_MIN_ARTICLE_CHARS = 400
# ... and at least this many article signals (see archiver.extraction.classification.signals).
ARCHIVER_MIN_ARTICLE_SIGNALS = 1

# `make quality` (python -m archiver.quality) scores real pages nobody here wrote, read at
# run time from this folder (relative to the repository root; see archiver.quality.real),
# with this many worker processes.
ARCHIVER_QUALITY_REAL_PAGES = "../shared/corpus"
ARCHIVER_QUALITY_PROCESSES = 2

# Worker processes for extraction, off the reactor thread (0: one per core).
ARCHIVER_EXTRACTION_WORKERS = 0
# A page whose extraction takes longer is skipped (reason extraction_timeout).
ARCHIVER_EXTRACTION_TIMEOUT = 60.0
# Workers are replaced after this many pages, which bounds slow memory growth.
ARCHIVER_EXTRACTION_MAX_TASKS_PER_WORKER = 500
# The workers' forkserver keeps dateparser's compiled patterns (about 3 MB,
# archiver.extraction.dates.pattern_store) and py3langid's model decompressed (68 MB,
# archiver.extraction.language.model_cache) between runs, in the folder the environment
# variable ARCHIVER_CACHE_DIR names, else $XDG_CACHE_HOME/archiver, else ~/.cache/archiver
# (archiver.run.cache_folder): it starts before the settings are read, so this is the one
# default set in its module. Anything in the folder can be deleted at any time.

# --- Crawl process (archiver.extensions.collector, .startup_buffer) ---------------
# Tune Python's garbage collector for the crawl: from engine start to engine stop,
# young collections run every this many allocations (Python's default: 700).
ARCHIVER_GC_TUNING = True
ARCHIVER_GC_YOUNG_THRESHOLD = 10_000
# Until the first page comes back from an extraction worker, Scrapy's scraper buffer
# (SCRAPER_SLOT_MAX_ACTIVE_SIZE) is this many bytes, so that the crawl fetches on while
# the workers start (archiver.extensions.startup_buffer). Not above the setting: off.
# 30 MB of real pages were fetched a second before the workers had forked (the crawl
# then idled); 60 MB lasted just until they had, 80 leaves room for a slower start.
ARCHIVER_STARTUP_SCRAPER_BUFFER = 80_000_000

# --- Scrapy -------------------------------------------------------------------
ROBOTSTXT_OBEY = True
# Scrapy's in-memory stats, without a deprecation hook run on every attribute access.
STATS_CLASS = "archiver.core.stats.PlainStatsCollector"
# Scrapy's scheduler, with its queue on disk for one run (see ARCHIVER_SCHEDULER_*).
SCHEDULER = "archiver.core.scheduler.DiskQueueScheduler"
# The product token robots.txt rules are matched against.
ROBOTSTXT_USER_AGENT = "archiver"
CONCURRENT_REQUESTS = 16
# Scrapy handles each callback's output with this many asyncio tasks, started for every
# response even when it yields two items: 100 (its default) cost 1.3 ms of the crawl
# process per page, 8 cost 0.2 ms. Archiver's pipelines are synchronous, so more tasks
# would not overlap anything.
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 64 * 1024**2
DOWNLOAD_WARNSIZE = 16 * 1024**2
# DOWNLOAD_MAXSIZE bounds only the body: a response head (status line and header
# lines) is cut at this many bytes or header lines, archived as truncated, and the
# fetch fails with ResponseHeadersTooLarge. (curl allows 300 KiB, Python's http.client
# 100 lines; real heads are a few KiB, a few dozen lines.)
ARCHIVER_MAX_RESPONSE_HEADER_SIZE = 256 * 1024
ARCHIVER_MAX_RESPONSE_HEADERS = 1000
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_TIMES = 2
# Keep every non-2xx response in the WARC but let the spider see none but redirects.
HTTPERROR_ALLOW_ALL = False
# Depth is limited by the spider itself (page seeds and feed entries differ).
DEPTH_LIMIT = 0
DEPTH_STATS_VERBOSE = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
TELNETCONSOLE_ENABLED = False
# Scrapy's remote control (2.19+) serves a code-execution endpoint on localhost and writes
# its token to ~/.local/state/scrapy: nothing a scheduled crawl needs, nor outside OUT.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

# Scrapy's HTTP/1.1 handler, keeping the status line, header lines and request head
# as exchanged and the received part of downloads cut short, for the WARC capture.
DOWNLOAD_HANDLERS = {
    "http": "archiver.core.download_handler.ArchivingHttpDownloadHandler",
    "https": "archiver.core.download_handler.ArchivingHttpDownloadHandler",
}

# A page's way through the components (spiders/news.py decides what each response lists):
#   spider start() and callbacks: Candidates; FetchedPage items for HTML pages
#   -> PageAnalysisMiddleware (spider mw, innermost): each page parsed once in a worker,
#      its links as Candidates
#   -> FrontierMiddleware: admitted Requests, the state told
#   -> HopPathMiddleware, RefererMiddleware -> EarlyEnqueueMiddleware (cluster only)
#   -> scheduler (archiver.core.scheduler, or Redis) -> downloader middlewares
#   -> ArchivingHttpDownloadHandler -> WarcCaptureExtension (every response archived)
#   -> spider callback -> FetchedPage items -> ExtractionPipeline -> validation -> JSONL
#   -> CrawlStateExtension stores each outcome (exported, not an article, failed, ...)
SPIDER_MIDDLEWARES = {
    # Each HTML page parsed once, in an extraction worker: its links become candidates, its
    # FetchedPage carries the worker's analysis (requisites, article) to the pipeline.
    "archiver.spidermiddlewares.page_analysis.PageAnalysisMiddleware": 960,
    # Candidates admitted (or not) by the frontier, their requests built, the state told.
    "archiver.spidermiddlewares.frontier.FrontierMiddleware": 950,
    # Sources with `browser = true`: each HTML page loaded again in the browser.
    "archiver.spidermiddlewares.browser.BrowserPagesMiddleware": 900,
    # Hop paths from the seed (L, R, P) for the WARC metadata records.
    "archiver.spidermiddlewares.hops.HopPathMiddleware": 550,
    # In a cluster, requests pushed to the shared queue as soon as their page yields them,
    # after every other middleware (hop path, Referer) has seen them.
    "archiver.spidermiddlewares.cluster_enqueue.EarlyEnqueueMiddleware": 1,
}

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's cookie middleware downloads the public suffix list from the
    # internet on first use; ours uses the copy bundled with tldextract.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "archiver.downloadermiddlewares.cookies.OfflineCookiesMiddleware": 700,
    # Scope of redirects and meta refreshes decided as for links
    # (archiver.frontier.sources.in_scope).
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "archiver.downloadermiddlewares.scope.ScopeMiddleware": 50,
    # Meta refreshes looked for without decoding the whole page (same decisions).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "archiver.downloadermiddlewares.meta_refresh.PrefixMetaRefreshMiddleware": 580,
    # The User-Agent with the contact, kept out of the USER_AGENT setting Scrapy logs.
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "archiver.downloadermiddlewares.useragent.ContactUserAgentMiddleware": 500,
    # If-None-Match / If-Modified-Since for what the crawl state knows (archiver.meta.VALIDATORS).
    "archiver.downloadermiddlewares.conditional.ConditionalRequestMiddleware": 560,
    # ARCHIVER_PROXY, before Scrapy's HttpProxyMiddleware (750) takes its credentials out.
    "archiver.downloadermiddlewares.proxy.ProxyMiddleware": 740,
    # Every request that waits for a host's robots.txt obeys it (Scrapy's hands the parser
    # to the first waiter only; see archiver.downloadermiddlewares.robotstxt).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "archiver.downloadermiddlewares.robotstxt.SharedRobotsTxtMiddleware": 100,
    # A seed's user:password@ as basic auth, to that seed's host and port only.
    "archiver.downloadermiddlewares.seed_login.SeedLoginMiddleware": 760,
    # Before robots.txt (100): no request, robots.txt included, to a private IP literal.
    "archiver.downloadermiddlewares.private_address.PrivateAddressMiddleware": 40,
    # Scrapy's decompression without guessing the encoding of the compressed bytes.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "archiver.downloadermiddlewares.decompression.DecompressionMiddleware": 590,
}

EXTENSIONS = {
    # Log lines without the control characters page text and headers may hold.
    "archiver.extensions.printable_log.PrintableLogExtension": 5,
    # The crawl state's bookkeeping: early, so its spider_closed counts reach the report.
    "archiver.extensions.crawl_state.CrawlStateExtension": 10,
    # Bounds the stop on SIGTERM/SIGINT; stops at once on a full disk.
    "archiver.extensions.shutdown.ShutdownExtension": 50,
    "archiver.extensions.warc_capture.WarcCaptureExtension": 100,
    # Page requisites: whose are fetched, the captures a record's images point at.
    "archiver.extensions.requisites.RequisitesExtension": 140,
    # After the WARC capture (a download's WARC location), before the run report (its path).
    "archiver.extensions.crawl_log.CrawlLogExtension": 150,
    "archiver.extensions.run_report.RunReportExtension": 200,
    # After the run report: it reads report.json (spider_closed handlers run in this order).
    "archiver.extensions.report_page.ReportPageExtension": 210,
    "archiver.extensions.progress.ProgressExtension": 300,
    # Python's garbage collector tuned for the crawl's length.
    "archiver.extensions.collector.CollectorExtension": 400,
    # Scrapy's scraper buffer raised while the extraction workers start.
    "archiver.extensions.startup_buffer.StartupBufferExtension": 410,
}

ITEM_PIPELINES = {
    # FetchedPage -> the article record, or dropped with the reason it is none.
    "archiver.pipelines.extraction.ExtractionPipeline": 100,
    "archiver.pipelines.validate.SchemaValidationPipeline": 800,
    "archiver.pipelines.jsonl_export.JsonlExportPipeline": 900,
}
