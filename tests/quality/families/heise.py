"""heise-like pages (German tech news): a-article-header classes, a "Von" creator block,
<time> in German, figures whose source line "(Bild: X)" is a paragraph of its own,
"Lesen Sie auch" teasers, a forum link and a comment count."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure


def image_url(article: Article, fig: Figure, width: int) -> str:
    path = PurePosixPath(fig.file)
    digest = hashlib.sha1(fig.file.encode()).hexdigest()[:16]
    return (f"{article.site.origin}/scale/geometry/{width}/q85/imgs{path.parent}/"
            f"{path.stem}-{digest}.jpg")


def render(article: Article) -> str:
    images = r.figure_images(article, lambda f, w: image_url(article, f, w))
    head = r.join_nonempty(
        r.common_head(article, images[0]["url"] if images else None),
        r.meta("author", article.meta_author or ", ".join(p.name for p in article.authors)
               or None),
        r.meta("date", article.published),
        r.jsonld(r.article_node(article, images)),
    )
    return r.document(article.site.lang, head, _page(article))


def _figure(article: Article, fig: Figure) -> str:
    url = lambda w: image_url(article, fig, w)  # noqa: E731
    image = r.img(fig, url, cls="a-u-inline", sizes="(min-width: 80em) 1008px, 100vw")
    caption = f'<p class="a-caption__text">{r.caption_inline(fig)}</p>' if fig.caption else ""
    if fig.credit and fig.credit_markup == "span":
        caption += f'<p class="a-caption__source">{r.esc(r.credit_text(fig))}</p>'
    return (f'<figure class="a-inline-image a-u-inline"><div class="a-inline-image__image">'
            f'<a-img>{image}</a-img></div><figcaption class="a-caption">{caption}</figcaption>'
            "</figure>")


def _creator(article: Article) -> str:
    inner = article.byline
    if inner is None and article.authors:
        inner = "Von " + r.authors_html(article.authors, "a-creator__link", "de")
    if not inner:
        return ""
    return f'<div class="a-creator"><span class="a-creator__names">{inner}</span></div>'


def _page(article: Article) -> str:
    site = article.site
    shown = article.published[8:10] + "." + article.published[5:7] + "." + article.published[:4]
    time = (f'<div class="a-publish-info"><time class="a-datetime__time" datetime='
            f'"{article.published}">{shown} {article.published[11:16]} Uhr</time></div>')
    lead = (f'<p class="a-article-header__lead">{r.esc(article.subtitle)}</p>'
            if article.subtitle else "")
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    teaser = ('<a-paternoster class="a-paternoster"><h3 class="a-paternoster__title">Lesen Sie'
              ' auch</h3><ul><li><a href="/news/Router-Luecke-9012345.html">Router-Lücke:'
              ' Hersteller'
              " liefert Update nach</a></li></ul></a-paternoster>")
    body = r.body_html(article, lambda fig: _figure(article, fig), {3: teaser})
    forum = ('<footer class="a-article-footer"><a class="a-article-footer__forum" href="'
             f'{site.origin}/forum/">Kommentare lesen (87 Beiträge)</a></footer>')
    section = (f'<div class="a-article-header__label">{r.esc(article.section)}</div>'
               if article.section else "")
    tags = "".join(f'<li><a href="{site.origin}/thema/{r.slug(t)}" class="topic">{r.esc(t)}</a>'
                   "</li>" for t in article.tags)
    topics = f'<ul class="article-topics">{tags}</ul>' if tags else ""
    return (f'<div class="page"><header class="a-header"><a href="{site.origin}/" class="a-logo">'
            f"{r.esc(site.name)}</a>{r.nav(['News', 'Tests', 'Ratgeber', 'Forum'], site.origin)}"
            f'</header><main><article class="article"><header class="a-article-header">{section}'
            f'<h1 class="a-article-header__title">{r.esc(article.title)}</h1>{lead}'
            f'<div class="a-article-meta">{_creator(article)}{time}</div></header>{leads}'
            f'<div class="article-content">{body}</div>{topics}{forum}</article></main>'
            f'<footer class="a-footer"><p>&copy; 2024 {r.esc(site.name)}</p></footer></div>')
