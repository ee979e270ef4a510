"""archiver: crawl news sites into WARC archives and normalized JSON article records."""

__version__ = "0.1.0"
