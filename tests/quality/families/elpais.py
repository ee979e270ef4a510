"""El País-like pages (Spanish): a_t/a_st headline classes, author block with the city,
dates as "04 mar 2024 - 10:12 CET" in a <time>, credits in their own span of the
figcaption, agency bylines ("EFE"), "Más información" boxes."""

from __future__ import annotations

from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure


def image_url(article: Article, fig: Figure, width: int) -> str:
    path = PurePosixPath(fig.file)
    host = "imagenes." + article.site.origin.split("//")[1].removeprefix("www.")
    return f"https://{host}/resizer/{width}x0/filters:focal(450x300:460x310){path}"


def render(article: Article) -> str:
    images = r.figure_images(article, lambda f, w: image_url(article, f, w))
    head = r.join_nonempty(
        r.common_head(article, images[0]["url"] if images else None),
        r.meta("author", article.meta_author),
        r.jsonld(r.article_node(article, images, "ReportageNewsArticle")),
    )
    return r.document(article.site.lang, head, _page(article))


def _figure(article: Article, fig: Figure) -> str:
    url = lambda w: image_url(article, fig, w)  # noqa: E731
    caption = f"<span>{r.caption_inline(fig)}</span>" if fig.caption else ""
    if fig.credit and fig.credit_markup == "span":
        caption += f'<span class="a_m_m">{r.esc(r.credit_text(fig))}</span>'
    return (f'<figure class="a_m a_m-h"><span class="a_m_w">'
            f'{r.img(fig, url, sizes="(min-width:1199px) 1155px, 100vw")}</span>'
            f'<figcaption class="a_m_p">{caption}</figcaption></figure>')


def _page(article: Article) -> str:
    site = article.site
    byline = article.byline
    if byline is None and article.authors:
        byline = r.authors_html(article.authors, "a_md_a_n", "es")
    place = article.option("place")
    author = (f'<div class="a_md_a"><div class="a_md_a_n">{byline}</div>'
              + (f'<span class="a_md_a_l">{r.esc(place)}</span>' if place else "") + "</div>"
              if byline else "")
    months = "ene feb mar abr may jun jul ago sep oct nov dic".split()
    shown = (f"{article.published[8:10]} {months[int(article.published[5:7]) - 1]} "
             f"{article.published[:4]} - {article.published[11:16]} CET")
    updated = (f'<span class="a_md_f_a">Actualizado: <time datetime="{article.modified}">'
               f"{article.modified[11:16]} CET</time></span>" if article.modified else "")
    dates = (f'<div class="a_md_f"><span><a href="{article.url}"><time datetime="'
             f'{article.published}" data-date="{article.published}">{shown}</time></a></span>'
             f"{updated}</div>")
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    more = article.option("related")
    box = ("<aside class=\"a_ei\"><h3>Más información</h3><ul>"
           + "".join(f'<li><a href="{r.esc(h)}">{r.esc(t)}</a></li>' for t, h in more)
           + "</ul></aside>") if more else ""
    body = r.body_html(article, lambda fig: _figure(article, fig), {3: box} if box else {})
    kicker = (f'<div class="a_k"><a href="{site.origin}/{r.slug(article.section)}/" class="a_k_n">'
              f"{r.esc(article.section)}</a></div>" if article.section else "")
    tags = "".join(f'<li><a href="{site.origin}/noticias/{r.slug(t)}/">{r.esc(t)}</a></li>'
                   for t in article.tags)
    tag_list = f'<div class="w-ta"><ul class="w-ta_u">{tags}</ul></div>' if tags else ""
    return (f'<header class="_g _g-h"><a href="{site.origin}/" class="_g-l">{r.esc(site.name)}</a>'
            f'</header><main id="main"><article class="a _g _g-lg"><header class="a_e">{kicker}'
            f'<div class="a_e_txt"><h1 class="a_t">{r.esc(article.title)}</h1><h2 class="a_st">'
            f"{r.esc(article.subtitle)}</h2></div>{leads}</header><div class=\"a_md\">{author}"
            f'{dates}</div><div class="a_c clearfix" data-dtm-region="articulo_cuerpo">{body}'
            f'</div>{tag_list}<div class="a_comments"><a href="#comments">Comentarios (45)</a>'
            "</div>"
            f"</article></main><footer class=\"_g-f\"><p>&copy; Ediciones {r.esc(site.name)}"
            "</p></footer>")
