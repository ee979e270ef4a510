"""Guardian-like (DCR) pages: data-gu-name regions, a contributor <address> with the
place after the name, the credit run into the caption after "Photograph:", <picture>
sources with the largest candidate only in a <source>, a live-blog variant, 404 pages."""

from __future__ import annotations

import hashlib

from tests.quality import render as r
from tests.quality.model import Article, Entry, Figure


def image_url(article: Article, fig: Figure, width: int) -> str:
    media = hashlib.sha1(fig.file.encode()).hexdigest()[:40]
    return (f"https://i.{article.site.origin.split('//')[1].removeprefix('www.')}/img/media/{media}/0_0_4000_2667/"
            f"master/4000.jpg?width={width}&quality=85&auto=format&fit=max&s={media[:8]}")


def expected_text(article: Article) -> str:
    if not article.entries:
        from tests.quality.model import body_text, parse_body
        return body_text(parse_body(article.body))
    return "\n\n".join(part for entry in article.entries
                       for part in (entry.title, *_paragraphs(entry)) if part)


def expected_markdown(article: Article) -> str:
    if not article.entries:
        from tests.quality.model import body_markdown, parse_body
        return body_markdown(parse_body(article.body))
    return "\n\n".join(part for entry in article.entries
                       for part in ((f"## {entry.title}" if entry.title else None),
                                    *_paragraphs(entry)) if part)


def _paragraphs(entry: Entry) -> list[str]:
    return [p.strip() for p in entry.text.strip().split("\n\n")]


def render(article: Article) -> str:
    if article.kind == "error":
        return _not_found(article)
    live = bool(article.entries)
    node = r.article_node(article, [image_url(article, f, 1200) for f in article.figures[:1]],
                          "LiveBlogPosting" if live else "NewsArticle")
    if live:
        node["coverageStartTime"] = article.published
        node["liveBlogUpdate"] = [
            {"@type": "BlogPosting", "headline": e.title or e.text[:60], "datePublished": e.time,
             "articleBody": e.text.strip()} for e in article.entries]
    head = r.join_nonempty(
        r.title_tag(article),
        r.meta("description", article.description),
        f'<link rel="canonical" href="{article.url}">',
        r.og_tags(article, _lead_url(article)),
        r.meta("author", article.meta_author or ", ".join(p.name for p in article.authors)
               or None),
        r.jsonld(node),
    )
    return r.document(article.site.lang, head, _page(article))


def _lead_url(article: Article) -> str | None:
    return image_url(article, article.figures[0], 1200) if article.figures else None


def _picture(article: Article, fig: Figure) -> str:
    url = lambda w: image_url(article, fig, w)  # noqa: E731
    big, *rest = sorted(fig.widths, reverse=True)
    sources = (f'<source srcset="{url(big)} {big}w" media="(min-width: 1300px)">'
               + "".join(f'<source srcset="{url(w)} {w}w" media="(min-width: {w // 2}px)">'
                         for w in rest[:-1]))
    alt = f' alt="{r.esc(fig.alt)}"' if fig.alt is not None else ""
    return (f"<picture>{sources}<img{alt} src=\"{url(fig.widths[0])}\" width=\"445\""
            f' height="296.66" loading="lazy" class="dcr-evn1e9"></picture>')


def _figure(article: Article, fig: Figure) -> str:
    icon = ('<span class="dcr-1e3rbmi"><svg width="18" height="13" viewBox="0 0 18 13">'
            '<path d="M18 3.5v8l-1.5 1.5h-15l-1.5-1.5v-8l1.5-1.5h3.5l2-2h4l2 2h3.5l1.5 1.5z">'
            "</path></svg></span>")
    text = r.esc(fig.caption or "")
    if fig.credit and fig.credit_markup == "inline":
        text += f" {r.esc(r.credit_text(fig))}"
    elif fig.credit and fig.credit_markup == "span":
        text += f' <span class="dcr-credit">{r.esc(r.credit_text(fig))}</span>'
    return (f'<figure id="{hashlib.md5(fig.file.encode()).hexdigest()[:8]}" data-spacefinder-role='
            f'"inline" class="dcr-172h6lw"><div class="dcr-1g6ge2v">{_picture(article, fig)}</div>'
            f'<figcaption class="dcr-9ktzqp">{icon}{text}</figcaption></figure>')


def _byline(article: Article) -> str:
    inner = article.byline
    if inner is None and article.authors:
        inner = " and ".join(f'<a rel="author" data-link-name="auth" href="{r.esc(p.url)}">'
                             f"{r.esc(p.name)}</a>" if p.url else r.esc(p.name)
                             for p in article.authors)
    if not inner:
        return ""
    return (f'<address aria-label="Contributor info" data-component="meta-byline" '
            f'data-link-name="byline"><div class="dcr-1cfpnlw">{inner}</div></address>')


def _dateline(article: Article) -> str:
    shown = _gu_date(article.modified or article.published)
    first = (f'<span class="dcr-u0h1qy">First published on {_gu_date(article.published)}</span>'
             if article.modified else "")
    return (f'<details class="dcr-1r2be3h" data-gu-name="dateline"><summary class="dcr-1ybxn6r">'
            f'<span class="dcr-u0h1qy">{shown}</span></summary>{first}</details>')


def _gu_date(value: str | None) -> str:
    from datetime import datetime
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    zone = "GMT" if moment.utcoffset().total_seconds() == 0 else "BST"
    return moment.strftime(f"%a %-d %b %Y %H.%M {zone}")


def _entries(article: Article) -> str:
    blocks = []
    for entry in article.entries:
        paragraphs = "".join(f"<p>{r.inline(p)}</p>" for p in _paragraphs(entry))
        title = f'<h2 class="dcr-block-title">{r.esc(entry.title)}</h2>' if entry.title else ""
        author = (f'<div class="dcr-block-byline"><span>{r.esc(entry.author)}</span></div>'
                  if entry.author else "")
        blocks.append(
            f'<article id="block-{hashlib.md5(entry.time.encode()).hexdigest()[:10]}" '
            f'class="block dcr-1e5qbv8" data-gu-name="live-block"><header class="dcr-block-header">'
            f'<a href="?page=with:block#block" class="dcr-timestamp"><time datetime="{entry.time}"'
            f'>{entry.time[11:16]}</time></a></header>{title}{author}<div class="dcr-block-body">'
            f'{paragraphs}</div><footer class="dcr-block-footer"><button>Share</button></footer>'
            "</article>")
    return "".join(blocks)


def _page(article: Article) -> str:
    site = article.site
    section = (f'<div data-gu-name="title"><a href="{site.origin}/{r.slug(article.section)}"'
               f' class="dcr-section">{r.esc(article.section)}</a></div>'
               if article.section else "")
    standfirst = (f'<div data-gu-name="standfirst"><div class="dcr-standfirst"><p>'
                  f"{r.esc(article.subtitle)}</p></div></div>" if article.subtitle else "")
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    if article.entries:
        key_events = article.option("key_events")
        events = ("<div data-gu-name=\"key-events\"><h2 class=\"dcr-k\">Key events</h2><ul>"
                  + "".join(f'<li><a href="#block-x">{r.esc(e)}</a></li>' for e in key_events)
                  + "</ul></div>" if key_events else "")
        body = f'<div class="dcr-live-feed" data-gu-name="body">{events}{_entries(article)}</div>'
    else:
        related = article.option("related")
        inserts = {}
        if related:
            inserts[3] = (f'<aside data-gu-name="rich-link" class="dcr-rich-link"><div>'
                          f'<a href="{r.esc(related[0][1])}" data-link-name="rich-link">'
                          f"<span>{r.esc(related[0][0])}</span><span>Read more</span></a></div>"
                          "</aside>")
        body = ('<div class="article-body-commercial-selector article-body-viewer-selector'
                f' dcr-body" data-gu-name="body">'
                f"{r.body_html(article, lambda fig: _figure(article, fig), inserts)}</div>")
    share = r.share_bar("dcr-share", ("Share", "Facebook", "X", "Email", "Copy link"))
    topics = "".join(f'<li><a href="{site.origin}/{r.slug(t)}" class="dcr-keyword">{r.esc(t)}'
                     "</a></li>" for t in article.tags)
    keywords = (f'<div data-gu-name="keywords"><ul class="dcr-keywords">{topics}</ul></div>'
                if topics else "")
    comments = ('<section id="comments" data-component="discussion"><h2>Comments (112)</h2>'
                '<p>This discussion is now closed for comments but you can still sign in or'
                ' create your Guardian account to join the discussion next time.</p></section>'
                if article.option("comments") else "")
    support = ('<div class="contributions__epic dcr-epic"><h2>Before you move on …</h2><p>… we'
               " have a small favour to ask. Millions of readers rely on our independent"
               " journalism. Support us from just £1.</p><a href=\"/contribute\">Support us</a>"
               "</div>")
    return (f'<div id="bannerandheader"><header><a href="{site.origin}/" class="dcr-logo">'
            f'<span class="dcr-1rstbai">{r.esc(site.name)}</span></a>'
            f"{r.nav(['News', 'Opinion', 'Sport', 'Culture', 'Lifestyle'], site.origin)}"
            f'</header></div><main data-layout="StandardLayout"><article class="dcr-1rpxhn2">'
            f'{section}<div data-gu-name="headline"><h1 class="dcr-headline">'
            f"{r.esc(article.title)}</h1></div>{standfirst}{leads}"
            f'<div data-gu-name="meta" class="dcr-meta">{_byline(article)}{_dateline(article)}'
            f"{share}</div>{body}{support}{keywords}</article>{comments}"
            f'<aside data-component="most-popular"><h2>Most viewed</h2><ol><li><a href="'
            f'{site.origin}/weather">Weather warning extended to the north coast</a></li></ol>'
            f"</aside></main><footer class=\"dcr-footer\"><p>&copy; 2024 {r.esc(site.name)}"
            "</p></footer>")


def _not_found(article: Article) -> str:
    site = article.site
    head = r.join_nonempty(r.title_tag(article), '<meta name="robots" content="noindex">')
    body = (f'<header><a href="{site.origin}/">{r.esc(site.name)}</a></header><main>'
            f'<h1 class="dcr-404">Sorry – the page you have requested does not exist</h1>'
            "<p>You may have followed an outdated link, or have mistyped a URL. If you believe"
            " this to be an error, please report it.</p><ul><li><a href=\"/\">Home</a></li>"
            "<li><a href=\"/uk\">UK news</a></li><li><a href=\"/world\">World news</a></li>"
            "</ul></main>")
    return r.document(site.lang, head, body)
