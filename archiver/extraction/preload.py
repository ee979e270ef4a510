"""Imported once by the extraction pool's forkserver: everything extraction loads.

Workers are forked from the forkserver, so they start with the extractor
imported and the language model loaded, instead of each paying about three
seconds on its first page, again after every recycling
(ARCHIVER_EXTRACTION_MAX_TASKS_PER_WORKER). Importing this module has that
side effect on purpose; nothing else imports it.
"""

from __future__ import annotations

from archiver.extraction import article, document, language

__all__ = ["article", "document"]

language.warm_up()
