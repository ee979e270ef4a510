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
# Free-text description written into each file's warcinfo record.
ARCHIVER_WARC_OPERATOR = ""

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
# Largest gzip sitemap/feed body that is decompressed, in bytes.
ARCHIVER_MAX_DECOMPRESSED_SIZE = 50 * 1024**2

# --- Extraction ---------------------------------------------------------------
# A page is an article only with at least this much body text ...
ARCHIVER_MIN_ARTICLE_CHARS = 400
# ... and at least this many article signals (see archiver.extraction.signals).
ARCHIVER_MIN_ARTICLE_SIGNALS = 1

# --- Scrapy -------------------------------------------------------------------
ROBOTSTXT_OBEY = True
# The product token robots.txt rules are matched against.
ROBOTSTXT_USER_AGENT = "archiver"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 64 * 1024**2
DOWNLOAD_WARNSIZE = 16 * 1024**2
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
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's cookie middleware downloads the public suffix list from the
    # internet on first use; ours uses the copy bundled with tldextract.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "archiver.middlewares.OfflineCookiesMiddleware": 700,
}

EXTENSIONS = {
    "archiver.extensions.warc_capture.WarcCaptureExtension": 100,
    "archiver.extensions.run_report.RunReportExtension": 200,
}

ITEM_PIPELINES = {
    "archiver.pipelines.validate.SchemaValidationPipeline": 800,
    "archiver.pipelines.jsonl_export.JsonlExportPipeline": 900,
}
