"""Drupal 10 with the core RDF module: RDFa on the node (whose schema:author is the
account that saved it, not the reporter), a byline field, image fields with caption
and credit fields instead of <figure>, relative responsive-image srcsets, a
"Submitted by" line, and search result pages."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure

SECTIONS = ["News", "Sport", "What’s On"]
STYLES = {650: "max_650x650", 1300: "max_1300x1300", 2600: "max_2600x2600"}


def image_url(article: Article, fig: Figure, width: int) -> str:
    return article.site.origin + _path(fig, width)


def _path(fig: Figure, width: int) -> str:
    style = STYLES.get(width, f"max_{width}x{width}")
    token = hashlib.md5(f"{fig.file}{width}".encode()).hexdigest()[:8]
    name = PurePosixPath(fig.file)
    return f"/sites/default/files/styles/{style}/public{name}?itok={token}"


def render(article: Article) -> str:
    if article.kind == "search":
        return _search(article)
    head = r.join_nonempty(
        r.title_tag(article),
        '<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">',
        r.meta("description", article.description),
        f'<link rel="canonical" href="{r.esc(article.url)}">',
        f'<link rel="shortlink" href="{article.site.origin}/node/{len(article.path) * 37}">',
        r.og_tags(article, _lead_url(article)),
    )
    page = r.document(article.site.lang, head, _page(article), "path-node page-node-type-article")
    return page.replace("<html", '<html prefix="schema: http://schema.org/ dc: '
                        'http://purl.org/dc/terms/ og: http://ogp.me/ns#"', 1)


def _lead_url(article: Article) -> str | None:
    leads = r.lead_figures(article)
    return image_url(article, leads[0], leads[0].widths[-1]) if leads else None


def _srcset(fig: Figure) -> str:
    # Responsive image styles print root-relative URLs.
    return ", ".join(f"{_path(fig, w)} {w}w" for w in fig.widths)


def _img(fig: Figure) -> str:
    alt = f' alt="{r.esc(fig.alt)}"' if fig.alt is not None else ""
    middle = _path(fig, fig.widths[len(fig.widths) // 2])
    return (f'<img loading="lazy" srcset="{r.esc(_srcset(fig))}" sizes="(min-width: 960px) 960px,'
            f' 100vw" width="1300" height="867" src="{r.esc(middle)}"{alt} typeof="foaf:Image">')


def _image_field(fig: Figure) -> str:
    caption = (f'<div class="field field--name-field-caption field--type-string">'
               f"{r.caption_inline(fig)}</div>" if fig.caption else "")
    credit = (f'<div class="field field--name-field-credit field--type-string">'
              f"{r.esc(r.credit_text(fig))}</div>"
              if fig.credit and fig.credit_markup == "span" else "")
    return (f'<div class="field field--name-field-media-image field--type-image">'
            f'<div class="media media--type-image">{_img(fig)}</div>{caption}{credit}</div>')


def _inline_figure(fig: Figure) -> str:
    caption = r.caption_inline(fig)
    if fig.credit and fig.credit_markup == "span":
        caption += f' <span class="photo-credit">{r.esc(r.credit_text(fig))}</span>'
    return (f'<figure role="group" class="caption caption-img align-center">{_img(fig)}'
            f"<figcaption>{caption}</figcaption></figure>")


def _byline(article: Article) -> str:
    inner = article.byline
    if inner is None:
        inner = "By " + r.authors_html(article.authors) if article.authors else ""
    if not inner:
        return ""
    return (f'<div class="field field--name-field-byline field--type-string field--label-hidden'
            f' field__item">{inner}</div>')


def _page(article: Article) -> str:
    site = article.site
    account = article.option("account", "webeditor")
    created = article.published or ""
    rdf = (f'<span property="schema:name" content="{r.esc(article.title)}" class="rdf-meta hidden">'
           f'</span><span rel="schema:author" class="rdf-meta hidden"><span lang="" typeof='
           f'"schema:Person" property="schema:name" datatype="" content="{account}"></span></span>'
           f'<span property="schema:dateCreated" content="{created}" class="rdf-meta hidden">'
           "</span>")
    submitted = (f'<div class="node__meta"><span class="node__submitted">Submitted by <span class='
                 f'"field field--name-uid"><span lang="" about="/user/7" typeof="schema:Person"'
                 f' property="schema:name">{account}</span></span> on <span class="field'
                 f' field--name-created">{r.shown_date(created, r.lang_of(article))}</span></span>'
                 "</div>" if article.option("submitted", True) else "")
    crumbs = "".join(f'<li class="breadcrumb__item"><a href="{site.origin}{href}">{r.esc(text)}'
                     "</a></li>" for text, href in
                     [("Home", "/"), *([(article.section, f"/{r.slug(article.section)}")]
                                       if article.section else [])])
    breadcrumb = (f'<nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb">'
                  f'<h2 id="system-breadcrumb" class="visually-hidden">Breadcrumb</h2><ol>{crumbs}'
                  "</ol></nav>")
    subtitle = (f'<div class="field field--name-field-standfirst field--type-string-long">'
                f"<p>{r.esc(article.subtitle)}</p></div>" if article.subtitle else "")
    updated = (f'<div class="field field--name-field-updated"><time datetime="{article.modified}">'
               f"Updated {r.shown_date(article.modified, r.lang_of(article))}</time></div>"
               if article.modified else "")
    leads = "".join(_image_field(fig) for fig in r.lead_figures(article))
    body = r.body_html(article, _inline_figure)
    tags = "".join(f'<div class="field__item"><a href="{site.origin}/taxonomy/term/{40 + i}"'
                   f' hreflang="en">{r.esc(t)}</a></div>' for i, t in enumerate(article.tags))
    tag_field = (f'<div class="field field--name-field-tags field--type-entity-reference'
                 f' field--label-above"><div class="field__label">Tags</div><div class='
                 f'"field__items">{tags}</div></div>' if tags else "")
    node = (f'<article role="article" about="{article.path}" typeof="schema:Article" class="node'
            f' node--type-article node--promoted node--view-mode-full">{rdf}{submitted}'
            f'<div class="node__content">{subtitle}{_byline(article)}{updated}{leads}'
            f'<div class="clearfix text-formatted field field--name-body'
            f' field--type-text-with-summary'
            f' field--label-hidden field__item">{body}</div>{tag_field}</div></article>')
    header = (f'<header role="banner" class="site-header"><a href="{site.origin}/" rel="home"'
              f' class="site-logo"><img src="/themes/custom/herald/logo.svg" alt="Home"></a>'
              f'<div class="site-name"><a href="{site.origin}/" rel="home">{r.esc(site.name)}</a>'
              f"</div>{r.nav(site.extra.get('sections', SECTIONS), site.origin)}"
              "</header>")
    sidebar = r.related_box("Most read", [
        ("Bin collection changes from April", f"{site.origin}/news/bin-collections"),
        ("Road closures this weekend", f"{site.origin}/news/road-closures"),
    ], "block block-views block-most-read")
    return (f'<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>'
            f'<div class="layout-container">{header}{breadcrumb}<main role="main">'
            f'<div class="layout-content"><h1 class="page-title"><span property="schema:name"'
            f' class="field field--name-title field--type-string">{r.esc(article.title)}</span>'
            f"</h1>{node}</div><aside class=\"layout-sidebar-first\" role=\"complementary\">"
            f"{sidebar}</aside></main><footer role=\"contentinfo\" class=\"site-footer\">"
            f"<p>&copy; {r.esc(site.name)}</p></footer></div></div>")


def _search(article: Article) -> str:
    site = article.site
    results = "".join(
        f'<li class="search-result"><h3 class="search-result__title"><a href="{site.origin}'
        f'{r.esc(href)}">{r.esc(title)}</a></h3><div class="search-result__snippet"><p>'
        f'{r.esc(snippet)}</p></div><p class="search-result__info">{r.esc(info)}</p></li>'
        for title, href, snippet, info in article.option("results"))
    head = r.join_nonempty(r.title_tag(article), '<meta name="robots" content="noindex">')
    body = (f'<div class="layout-container"><header role="banner"><a href="{site.origin}/"'
            ' rel="home">'
            f'{r.esc(site.name)}</a></header><main role="main"><h1 class="page-title">'
            f'{r.esc(article.title)}</h1><form class="search-form" action="/search/node">'
            f'<input type="search" name="keys" value="{r.esc(article.option("query"))}">'
            f'<input type="submit" value="Search"></form><h2>Search results</h2>'
            f'<ol class="search-results node_search-results">{results}</ol></main></div>')
    return r.document(site.lang, head, body)
