"""Hand-made static pages with no metadata at all: no lang attribute, no <meta> but the
charset, no structured data, no classes on the byline; dates as plain text; images as
<img> in a paragraph with the caption and credit in the text below."""

from __future__ import annotations

from tests.quality import render as r
from tests.quality.model import Article, Figure


def image_url(article: Article, fig: Figure, width: int) -> str:
    return article.site.origin + fig.file


def canonical(article: Article) -> None:
    return None


def render(article: Article) -> str:
    site = article.site
    head = f"<title>{r.esc(article.title)} - {r.esc(site.name)}</title>"
    if article.option("stylesheet", True):
        head += '\n<link rel="stylesheet" href="/style.css" type="text/css">'
    nav = " | ".join(f'<a href="/{r.slug(s)}.html">{r.esc(s)}</a>'
                     for s in site.extra.get("sections", ["Home", "Archive", "Contact"]))
    subtitle = f"<p><b>{r.esc(article.subtitle)}</b></p>" if article.subtitle else ""
    dateline = f"<p>{r.esc(article.published_shown)}</p>" if article.published_shown else ""
    byline = f"<p>{article.byline}</p>" if article.byline else ""
    order = article.option("order", "date-first")
    meta = dateline + byline if order == "date-first" else byline + dateline
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    body = r.body_html(article, lambda fig: _figure(article, fig))
    footer = site.extra.get("footer", f"Copyright 2024 {site.name}. All rights reserved.")
    page = (f'<div id="wrapper"><div id="header"><a href="/"><img src="/images/banner.gif"'
            f' alt="{r.esc(site.name)}" border="0"></a><br>{nav}</div><div id="main">'
            f"<h1>{r.esc(article.title)}</h1>{subtitle}{meta}{leads}{body}"
            f'<p><a href="/archive.html">&laquo; Back to the archive</a></p></div>'
            f'<div id="footer"><p>{r.esc(footer)}</p></div></div>')
    return r.document("", head, page)


def _figure(article: Article, fig: Figure) -> str:
    alt = f' alt="{r.esc(fig.alt)}"' if fig.alt is not None else ""
    text = r.esc(fig.caption or "")
    if fig.credit:
        text = (text + " " if text else "") + r.esc(r.credit_text(fig))
    caption = f'<br><span class="caption"><i>{text}</i></span>' if text else ""
    return (f'<p class="photo"><img src="{r.esc(image_url(article, fig, 0))}" width="600"{alt}>'
            f"{caption}</p>")
