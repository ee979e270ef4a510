"""Live tickers as the WordPress "Liveblog" plugin prints them: LiveBlogPosting JSON-LD
with its updates, a feed of liveblog-entry blocks (time, entry author, text) newest first,
a "Key events" list and a "new entries" button."""

from __future__ import annotations

from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Entry, Figure


def image_url(article: Article, fig: Figure, width: int) -> str:
    path = PurePosixPath(fig.file)
    return (f"{article.site.origin}/wp-content/uploads{path.parent}/"
            f"{path.stem}-{width}w{path.suffix}")


def _paragraphs(entry: Entry) -> list[str]:
    return [p.strip() for p in entry.text.strip().split("\n\n")]


def expected_text(article: Article) -> str:
    from tests.quality.model import plain
    return "\n\n".join(plain(part) for entry in article.entries
                       for part in (entry.title, *_paragraphs(entry)) if part)


def expected_markdown(article: Article) -> str:
    from tests.quality.model import plain
    return "\n\n".join(plain(part) for entry in article.entries
                       for part in ((f"### {entry.title}" if entry.title else None),
                                    *_paragraphs(entry)) if part)


def render(article: Article) -> str:
    images = r.figure_images(article, lambda f, w: image_url(article, f, w))
    node = r.article_node(article, images, "LiveBlogPosting")
    node["coverageStartTime"] = article.published
    node["liveBlogUpdate"] = [
        {"@type": "BlogPosting", "headline": e.title or r.plain(e.text)[:80],
         "datePublished": e.time, "articleBody": r.plain(e.text.strip()),
         **({"author": {"@type": "Person", "name": e.author}} if e.author else {})}
        for e in article.entries]
    head = r.join_nonempty(
        r.common_head(article, images[0]["url"] if images else None),
        r.jsonld(node),
    )
    return r.document(article.site.lang, head, _page(article))


def _entry(entry: Entry, lang: str) -> str:
    title = f'<h3 class="liveblog-entry-title">{r.esc(entry.title)}</h3>' if entry.title else ""
    paragraphs = "".join(f"<p>{r.inline(p)}</p>" for p in _paragraphs(entry))
    author = (f'<span class="liveblog-author-name">{r.esc(entry.author)}</span>'
              if entry.author else "")
    return (f'<div class="liveblog-entry" id="liveblog-entry-{entry.time[11:16].replace(":", "")}">'
            f'<header class="liveblog-meta"><a class="liveblog-meta-time" href="#"><time'
            f' datetime="{entry.time}">{entry.time[11:16]}</time></a>{author}</header>'
            f'<div class="liveblog-entry-text">{title}{paragraphs}</div>'
            f'<footer class="liveblog-entry-tools"><button class="liveblog-share">Teilen</button>'
            f"</footer></div>" if lang == "de" else
            f'<div class="liveblog-entry" id="liveblog-entry-{entry.time[11:16].replace(":", "")}">'
            f'<header class="liveblog-meta"><a class="liveblog-meta-time" href="#"><time'
            f' datetime="{entry.time}">{entry.time[11:16]}</time></a>{author}</header>'
            f'<div class="liveblog-entry-text">{title}{paragraphs}</div>'
            f'<footer class="liveblog-entry-tools"><button class="liveblog-share">Share</button>'
            f"</footer></div>")


def _page(article: Article) -> str:
    site = article.site
    lang = r.lang_of(article)
    byline = article.byline
    if byline is None and article.authors:
        byline = ({"de": "Von ", "en": "By "}.get(lang, "")
                  + r.authors_html(article.authors, "url fn", lang))
    events = article.option("key_events") or []
    key = ("<div class=\"liveblog-key-events\"><h2>"
           + ("Das Wichtigste" if lang == "de" else "Key events") + "</h2><ul>"
           + "".join(f'<li><a href="#">{r.esc(e)}</a></li>' for e in events)
           + "</ul></div>") if events else ""
    leads = "".join(
        f'<figure class="wp-caption">{r.img(fig, lambda w, f=fig: image_url(article, f, w))}'
        f'<figcaption class="wp-caption-text">{r.caption_inline(fig)}</figcaption></figure>'
        for fig in r.lead_figures(article))
    button = "Neue Einträge anzeigen" if lang == "de" else "Show new updates"
    feed = "".join(_entry(e, lang) for e in article.entries)
    return (f'<div id="page"><header class="site-header"><a href="{site.origin}/" rel="home">'
            f'{r.esc(site.name)}</a></header><main class="site-main"><article class="post'
            f' type-post liveblog"><header class="entry-header"><span class="live-badge">LIVE'
            f'</span><h1 class="entry-title">{r.esc(article.title)}</h1>'
            + (f'<p class="entry-summary">{r.esc(article.subtitle)}</p>' if article.subtitle
               else "")
            + f'<div class="entry-meta"><span class="byline">{byline or ""}</span> <time class='
            f'"entry-date published" datetime="{article.published}">'
            f"{r.shown_date(article.published, lang)}</time></div></header>{leads}{key}"
            f'<div class="entry-content"><div id="liveblog-container" class="liveblog-container">'
            f'<button class="liveblog-update-button">{button}</button><div class="liveblog-feed">'
            f"{feed}</div></div></div></article></main><footer class=\"site-footer\"><p>&copy;"
            f" {r.esc(site.name)}</p></footer></div>")
