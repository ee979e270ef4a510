"""Le Monde-like pages (French): article__* classes, "Publié le … à 18 h 05" dates in
text only, "Par X (Marseille, correspondant)" bylines, credits in a span at the end of
the legend, "Lire aussi" links inside the body, a paywall stub variant."""

from __future__ import annotations

from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure

SECTIONS = ["International", "Politique", "Société", "Planète"]


def image_url(article: Article, fig: Figure, width: int) -> str:
    path = PurePosixPath(fig.file)
    host = "img." + article.site.origin.split("//")[1].removeprefix("www.")
    return f"https://{host}/{width}/0/{width * 2 // 3}/0/0/0{path.parent}/{path.name}"


def render(article: Article) -> str:
    images = r.figure_images(article, lambda f, w: image_url(article, f, w))
    head = r.join_nonempty(
        r.common_head(article, images[0]["url"] if images else None),
        r.jsonld(r.article_node(article, images)),
    )
    return r.document(article.site.lang, head, _page(article))


def _shown(value: str) -> str:
    day = r.shown_date(value, "fr", False)
    return f"{day} à {int(value[11:13])} h {value[14:16]}"


def _figure(article: Article, fig: Figure) -> str:
    url = lambda w: image_url(article, fig, w)  # noqa: E731
    alt = f' alt="{r.esc(fig.alt)}"' if fig.alt is not None else ""
    legend = r.caption_inline(fig)
    if fig.credit and fig.credit_markup == "span":
        legend += (f' <span class="article__credit" aria-hidden="true">'
                   f"{r.esc(r.credit_text(fig))}</span>")
    return (f'<figure class="article__media"><picture class="article__media"><source srcset="'
            f'{r.esc(r.srcset(fig.widths, url))}" media="(min-width: 1024px)"><img src="'
            f'{url(fig.widths[0])}"{alt} loading="lazy"></picture><figcaption'
            ' class="article__legend"'
            f' aria-hidden="true">{legend}</figcaption></figure>')


def _read_also(article: Article) -> dict[int, str]:
    links = article.option("read_also") or []
    return {index: (f'<p class="article__paragraph"><a class="js-article-read-also" href="'
                    f'{r.esc(href)}"><span class="article__reference-read-also">Lire aussi |</span>'
                    f" {r.esc(text)}</a></p>")
            for index, (text, href) in zip((2, 5), links, strict=False)}


def _page(article: Article) -> str:
    site = article.site
    if article.kind == "paywall":
        return _paywall(article)
    dates = f"Publié le {_shown(article.published)}"
    if article.modified:
        dates += f", modifié le {_shown(article.modified)}"
    byline = article.byline
    if byline is None and article.authors:
        byline = "Par " + r.authors_html(article.authors, "article__author-link", "fr")
    author = (f'<span class="author__detail"><span class="author__name">{byline}</span></span>'
              if byline else "")
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    body = r.body_html(article, lambda fig: _figure(article, fig), _read_also(article),
                       block=lambda b: r.block_html(b).replace("<p>",
                                                               '<p class="article__paragraph">'))
    section = (f'<ul class="breadcrumb"><li><a href="{site.origin}/">{r.esc(site.name)}</a></li>'
               f'<li><a href="{site.origin}/{r.slug(article.section)}/">{r.esc(article.section)}'
               "</a></li></ul>" if article.section else "")
    newsletter = r.newsletter_box("Newsletter « La Matinale »", "Chaque matin, les principales"
                                  " informations de la région.", "S’inscrire",
                                  "article__newsletter")
    return (f'<header class="Header"><a class="Header__logo" href="{site.origin}/">'
            f"{r.esc(site.name)}</a>{r.nav(SECTIONS, site.origin)}"
            f'</header><main id="habillagepub"><section class="zone zone--article">{section}'
            f'<header class="article__header"><h1 class="article__title">{r.esc(article.title)}'
            f'</h1><p class="article__desc">{r.esc(article.subtitle)}</p></header>'
            f'<section class="article__wrapper"><div class="meta meta__publisher">{author}'
            f'<span class="meta__date meta__date--header">{dates}</span></div>{leads}'
            f'<article class="article__content">{body}</article>{newsletter}'
            f'<section class="article__reactions"><h2>Réactions</h2><p>Les réactions sont'
            f" réservées aux abonnés.</p></section></section></section></main>"
            f'<footer class="Footer"><p>{r.esc(site.name)} – Tous droits réservés</p></footer>')


def _paywall(article: Article) -> str:
    first = r.block_html(r.parse_body(article.body)[0])
    return (f'<header class="Header"><a class="Header__logo" href="{article.site.origin}/">'
            f"{r.esc(article.site.name)}</a></header><main><section class=\"zone zone--article\">"
            f'<h1 class="article__title">{r.esc(article.title)}</h1><p class="article__desc">'
            f'{r.esc(article.subtitle)}</p><article class="article__content">{first}</article>'
            f'<section class="paywall"><p class="paywall__title">Il vous reste 86 % de cet article'
            f" à lire. La suite est réservée aux abonnés.</p><a class=\"btn\" href=\"/abonnement\">"
            f"S’abonner</a><p>Déjà abonné ? <a href=\"/connexion\">Se connecter</a></p></section>"
            "</section></main>")
