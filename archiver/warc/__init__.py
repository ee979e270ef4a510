"""WARC output: exchanges captured from the downloader, records built from them, rolling files."""
