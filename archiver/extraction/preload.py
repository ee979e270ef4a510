"""Imported once by the extraction pool's forkserver: everything extraction loads.

Workers are forked from the forkserver, so they start with the extractor
imported, the language model loaded and jusText's stoplist built, instead of
each paying about three seconds on its first pages, again after every recycling
(ARCHIVER_EXTRACTION_MAX_TASKS_PER_WORKER). Importing this module has that
side effect on purpose; nothing else imports it.
"""

from __future__ import annotations

import gc
from concurrent.futures import ThreadPoolExecutor

import htmldate.extractors

from archiver.extraction import analysis, article
from archiver.extraction.dates import published as dates
from archiver.extraction.language import identify as language
from archiver.extraction.page import document
from archiver.extraction.text import body
from archiver.run.forkserver import remove_owners_folder_at_exit

__all__ = ["analysis", "article", "document"]

remove_owners_folder_at_exit()
# py3langid's model loads in a thread beside the other warm-ups: reading it (and, on a
# first run, decompressing it: lzma runs without the GIL, see language.model_cache) waits
# on the file and the memory. The thread has ended before the forkserver forks anything.
with ThreadPoolExecutor(max_workers=1, thread_name_prefix="language-model") as beside:
    language_model = beside.submit(language.warm_up)
    body.warm_up()
    dates.warm_up()
    # htmldate gathers the month names of all dateparser's locales (loading them) the
    # first time a page's text has no year and no English month: about 0.06 s a worker
    # otherwise. (A cached function of htmldate 1.11; absent elsewhere.)
    if callable(month_words := getattr(htmldate.extractors, "month_words", None)):
        month_words()
    language_model.result()
# Everything loaded so far lives as long as the workers: kept out of their collector's
# full passes, which walked these 100,000 objects about every 50 pages (0.37 ms a real
# page) and, writing to their headers, copied the forkserver's memory page by page.
gc.freeze()
