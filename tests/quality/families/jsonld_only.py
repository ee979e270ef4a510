"""A server-rendered React front end: everything a machine needs is in one JSON-LD
block (ImageObjects with caption, creditText, creator, copyrightHolder, license);
the visible page has hashed class names, no og: tags and captions without credits."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure


def image_url(article: Article, fig: Figure, width: int) -> str:
    path = PurePosixPath(fig.file)
    return (f"{article.site.origin}/_next/image?url=%2Fmedia{path.parent}%2F{path.name}"
            f"&w={width}&q=75")


def _cls(*seed: str) -> str:
    return "css-" + hashlib.md5("".join(seed).encode()).hexdigest()[:7]


def render(article: Article) -> str:
    images = [_image_object(article, fig) for fig in article.figures if fig.structured]
    node = r.article_node(article, images, article.option("schema_type", "NewsArticle"))
    node.pop("inLanguage", None)
    head = r.join_nonempty(r.title_tag(article), r.jsonld(node),
                           '<link rel="preload" as="script" href="/_next/static/chunks/main.js">')
    body = _page(article)
    return r.document(article.site.lang, head, body)


def _image_object(article: Article, fig: Figure) -> dict:
    node: dict = {"@type": "ImageObject", "url": image_url(article, fig, fig.widths[-1]),
                  "contentUrl": image_url(article, fig, fig.widths[-1])}
    if fig.caption:
        node["caption"] = fig.caption
    if fig.credit:
        node["creditText"] = fig.credit
    if fig.creator:
        node["creator"] = {"@type": "Person", "name": fig.creator}
    if fig.source:
        node["copyrightHolder"] = {"@type": "Organization", "name": fig.source}
        node["copyrightNotice"] = f"© {fig.source}"
    if fig.license:
        node["license"] = fig.license.get("url")
        node["acquireLicensePage"] = article.site.origin + "/licensing"
    return node


def _figure(article: Article, fig: Figure) -> str:
    url = lambda w: image_url(article, fig, w)  # noqa: E731
    caption = f'<figcaption class="{_cls("cap")}">{r.esc(fig.caption)}</figcaption>' \
        if fig.caption else ""
    return (f'<figure class="{_cls("fig")}"><div class="{_cls("ratio")}">'
            f'{r.img(fig, url, cls=_cls("img"), sizes="(max-width: 768px) 100vw, 720px")}'
            f"</div>{caption}</figure>")


def _page(article: Article) -> str:
    site = article.site
    byline = article.byline
    if byline is None and article.authors:
        byline = "By " + r.authors_html(article.authors, lang=r.lang_of(article))
    byline_html = f'<div class="{_cls("by")}">{byline}</div>' if byline else ""
    date = (f'<div class="{_cls("date")}"><time datetime="{article.published}">'
            f"{r.shown_date(article.published, r.lang_of(article))}</time></div>"
            if article.published else "")
    subtitle = (f'<p class="{_cls("dek")}">{r.esc(article.subtitle)}</p>' if article.subtitle
                else "")
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    body = r.body_html(article, lambda fig: _figure(article, fig))
    more = r.related_box("Read next", [
        ("The quiet revival of the night train", f"{site.origin}/stories/night-trains"),
        ("Why the tide tables are changing", f"{site.origin}/stories/tide-tables"),
    ], _cls("next"))
    return (f'<div id="__next"><div class="{_cls("app")}"><header class="{_cls("head")}">'
            f'<a href="{site.origin}/" class="{_cls("logo")}">{r.esc(site.name)}</a>'
            f'<button class="{_cls("menu")}">Menu</button></header><main class="{_cls("main")}">'
            f'<div class="{_cls("col")}"><h1 class="{_cls("h1")}">{r.esc(article.title)}</h1>'
            f"{subtitle}{byline_html}{date}{leads}<div class=\"{_cls('body')}\">{body}</div>"
            f"{more}</div></main><footer class=\"{_cls('foot')}\"><p>&copy; 2024 "
            f"{r.esc(site.name)}</p></footer></div></div>"
            '<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{}},'
            '"page":"/stories/[slug]"}</script>')
