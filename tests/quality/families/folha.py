"""Folha-like pages (Brazilian Portuguese): c-news classes, a signature block with the
author and the city, a visible date with "às 10h12" and a datetime without an offset,
credits in a span after " - " at the end of the caption."""

from __future__ import annotations

from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure

SIZES = {480: "sm", 768: "md", 1024: "lg", 1200: "xl", 2400: "rt"}


def image_url(article: Article, fig: Figure, width: int) -> str:
    path = PurePosixPath(fig.file)
    host = "f." + article.site.origin.split("//")[1].removeprefix("www.")
    return f"https://{host}/fotografia{path.parent}/{path.stem}_3x2_{SIZES.get(width, width)}.jpg"


def render(article: Article) -> str:
    images = r.figure_images(article, lambda f, w: image_url(article, f, w))
    head = r.join_nonempty(
        r.common_head(article, images[0]["url"] if images else None),
        r.jsonld(r.article_node(article, images)),
    )
    return r.document(article.site.lang, head, _page(article))


def _figure(article: Article, fig: Figure) -> str:
    url = lambda w: image_url(article, fig, w)  # noqa: E731
    alt = f' alt="{r.esc(fig.alt)}"' if fig.alt is not None else ""
    caption = r.esc(fig.caption or "")
    if fig.credit and fig.credit_markup == "span":
        caption += f' - <span class="widget-image__credits">{r.esc(r.credit_text(fig))}</span>'
    elif fig.credit_markup == "inline":
        caption = r.caption_inline(fig, " - ")
    return (f'<figure><img{alt} class="img-responsive" srcset="{r.esc(r.srcset(fig.widths, url))}"'
            f' sizes="(min-width: 1024px) 68vw, 100vw" src="{url(fig.widths[1])}">'
            f'<figcaption class="widget-image__subtitle">{caption}</figcaption></figure>')


def _page(article: Article) -> str:
    site = article.site
    months = "jan fev mar abr mai jun jul ago set out nov dez".split()
    value = article.published
    shown = (f"{int(value[8:10])}.{months[int(value[5:7]) - 1]}.{value[:4]}"
             f" às {value[11:13]}h{value[14:16]}")
    naive = value[:10] + " " + value[11:19]  # the visible datetime has no offset
    byline = article.byline
    if byline is None and article.authors:
        byline = r.authors_html(article.authors, "", "pt")
    place = article.option("place")
    signature = (f'<div class="c-signature"><strong class="c-signature__author">{byline}</strong>'
                 + (f'<strong class="c-signature__location">{r.esc(place)}</strong>' if place
                    else "") + "</div>" if byline else "")
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    body = r.body_html(article, lambda fig: _figure(article, fig))
    kicker = (f'<a class="c-labels__item" href="{site.origin}/{r.slug(article.section)}/">'
              f"{r.esc(article.section)}</a>" if article.section else "")
    more = ('<div class="c-read-more"><h4>Leia mais</h4><ul><li><a href="/mercado/2024/02/'
            'juros.shtml">Juros futuros recuam após dados de inflação</a></li></ul></div>')
    return (f'<header class="l-header"><a href="{site.origin}/" class="l-header__brand">'
            f'{r.esc(site.name)}</a></header><main><article class="c-news" itemscope itemtype='
            f'"http://schema.org/NewsArticle"><div class="c-labels">{kicker}</div>'
            f'<div class="c-news__head"><h1 class="c-content-head__title" itemprop="headline">'
            f'{r.esc(article.title)}</h1><h2 class="c-content-head__subtitle">'
            f'{r.esc(article.subtitle)}</h2></div><div class="c-more-options"><time class='
            f'"c-more-options__published-date" itemprop="datePublished" datetime="{naive}">'
            f"{shown}</time></div>{leads}<div class=\"c-news__content\">{signature}"
            f'<div class="c-news__body" itemprop="articleBody">{body}</div>{more}</div>'
            f"</article></main><footer class=\"l-footer\"><p>Copyright {r.esc(site.name)}. Todos"
            " os direitos reservados.</p></footer>")
