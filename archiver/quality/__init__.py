"""The extraction quality benchmark: our extractor and plain trafilatura, field by field.

`python -m archiver.quality` (or `make quality`) runs both over the annotated
corpus in tests/quality/pages/, prints one score per field side by side and
exits non-zero when one of ours falls below its floor (`archiver.quality.floors`).
"""
