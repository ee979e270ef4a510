"""The real-page yardstick: public evaluation sets nobody here wrote, ours beside the plain
libraries in the same run.

The sets are read at run time from ../shared/corpus (ARCHIVER_QUALITY_REAL_PAGES, or
`--real-pages DIR`), never copied into the repository:
- real-pages/trafilatura: trafilatura's benchmark, 990 pages with text snippets that must
  and must not appear in the body, and title, author and date for 851 of them;
- real-pages/htmldate: htmldate's benchmark, 1,000 pages with their publication date;
- readability-pages: Mozilla Readability's test pages with Readability's own output. Only
  the pages its test suite marks `"readerable": true` (Readability's isProbablyReaderable
  verdict, stored in each expected-metadata.json) are scored: the others are pages
  Readability itself would not offer to read as an article.
"""
