"""The fields scored, in table order, and the floors our extractor must reach."""

from __future__ import annotations

from archiver.quality import scoring as s

FIELDS: dict[str, s.Metric] = {
    "title exact": s.exact("title"),
    "subtitle exact": s.exact("subtitle"),
    "description exact": s.exact("description"),
    "author set exact": s.author_names,
    "authors with URL and type": s.author_records,
    "dates exact (published, modified)": s.dates,
    "date published (day)": s.published_day,
    "section": s.exact("section"),
    "tags": s.exact("tags"),
    "language": s.exact("language"),
    "site name": s.exact("site_name"),
    "canonical URL": s.exact("canonical_url"),
    "image recall": s.image_recall,
    "image precision": s.image_precision,
    "image URL (largest)": s.image_field("url"),
    "caption recall": s.image_field("caption"),
    "credit recall": s.image_field("credit"),
    "credit precision": s.credit_precision,
    "creator recall": s.image_field("creator"),
    "source recall": s.image_field("source"),
    "license recall": s.image_field("license"),
    "alt text recall": s.image_field("alt"),
    "body F1 (4-word shingles)": s.body_f1,
    "markdown structure": s.markdown_structure,
    "articles kept": s.articles_kept,
    "non-articles skipped": s.non_articles_skipped,
}
# The floors of issue #3; "baseline" means: not below plain trafilatura's score.
FLOORS: dict[str, float | str] = {
    "title exact": 0.95,
    "author set exact": 0.90,
    "dates exact (published, modified)": 0.95,
    "caption recall": 0.90,
    "credit recall": 0.85,
    "credit precision": 0.95,
    "body F1 (4-word shingles)": "baseline",
    "articles kept": 0.95,
    "non-articles skipped": 0.80,
}
