"""AMP pages: <amp-img> instead of <img>, rel=canonical to the non-AMP article, JSON-LD,
amp-social-share and amp-ad slots, the byline with an author avatar."""

from __future__ import annotations

from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure

BOILERPLATE = ("<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1"
               " normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style>")


def image_url(article: Article, fig: Figure, width: int) -> str:
    path = PurePosixPath(fig.file)
    return f"https://img.{article.site.origin.split('//')[1]}{path.parent}/{width}/{path.name}"


def canonical(article: Article) -> str:
    return article.site.origin + article.path.removesuffix("amp/").removesuffix("?amp=1")


def render(article: Article) -> str:
    images = r.figure_images(article, lambda f, w: image_url(article, f, w))
    node = r.article_node(article, images)
    node["mainEntityOfPage"]["@id"] = canonical(article)
    head = r.join_nonempty(
        r.title_tag(article),
        f'<link rel="canonical" href="{r.esc(canonical(article))}">',
        '<script async src="https://cdn.ampproject.org/v0.js"></script>',
        '<script async custom-element="amp-social-share" src="https://cdn.ampproject.org/v0/'
        'amp-social-share-0.1.js"></script>',
        BOILERPLATE,
        "<style amp-custom>.amp-byline{font-size:14px}figcaption{color:#555}</style>",
        r.meta("description", article.description),
        r.jsonld(node),
    )
    page = r.document(article.site.lang, head, _page(article))
    return page.replace("<html", "<html \u26a1", 1)


def _amp_img(article: Article, fig: Figure) -> str:
    url = lambda w: image_url(article, fig, w)  # noqa: E731
    alt = f' alt="{r.esc(fig.alt)}"' if fig.alt is not None else ""
    return (f'<amp-img src="{url(fig.widths[0])}" srcset="{r.esc(r.srcset(fig.widths, url))}"'
            f' width="1200" height="800" layout="responsive"{alt}></amp-img>')


def _figure(article: Article, fig: Figure) -> str:
    caption = r.caption_inline(fig)
    if fig.credit and fig.credit_markup == "span":
        caption += f' <small class="amp-credit">{r.esc(r.credit_text(fig))}</small>'
    return (f'<figure class="amp-wp-article-featured-image wp-caption">{_amp_img(article, fig)}'
            f'<figcaption class="wp-caption-text">{caption}</figcaption></figure>')


def _byline(article: Article) -> str:
    inner = article.byline
    if inner is None:
        inner = r.authors_html(article.authors, lang=r.lang_of(article))
    if not inner:
        return ""
    avatar = (f'<amp-img class="amp-author-avatar" src="{article.site.origin}/avatars/'
              f'{r.slug(article.authors[0].name)}-24.png" width="24" height="24" layout="fixed">'
              "</amp-img>" if article.authors else "")
    return (f'<div class="amp-wp-meta amp-wp-byline">{avatar}<span class="amp-wp-author author'
            f' vcard">{inner}</span></div>')


def _page(article: Article) -> str:
    site = article.site
    lang = r.lang_of(article)
    posted = (f'<div class="amp-wp-meta amp-wp-posted-on"><time datetime="{article.published}">'
              f"{r.shown_date(article.published, lang)}</time></div>")
    share = "".join(f'<amp-social-share type="{kind}" width="40" height="40"></amp-social-share>'
                    for kind in ("twitter", "facebook", "whatsapp", "email"))
    ad = ('<amp-ad width="300" height="250" type="doubleclick" data-slot="/1234/amp_article">'
          '<div placeholder>Advertisement</div></amp-ad>')
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    body = r.body_html(article, lambda fig: _figure(article, fig), {3: ad})
    section = (f'<div class="amp-wp-meta amp-wp-tax-category">{r.esc(article.section)}</div>'
               if article.section else "")
    subtitle = (f'<p class="amp-wp-excerpt">{r.esc(article.subtitle)}</p>'
                if article.subtitle else "")
    return (f'<header id="top" class="amp-wp-header"><div><a href="{site.origin}/">'
            f"{r.esc(site.name)}</a></div></header>"
            f'<article class="amp-wp-article"><header class="amp-wp-article-header">{section}'
            f'<h1 class="amp-wp-title">{r.esc(article.title)}</h1>{subtitle}{_byline(article)}'
            f'{posted}</header>{leads}<div class="amp-wp-article-content">{body}</div>'
            f'<footer class="amp-wp-article-footer"><div class="amp-wp-social-share">{share}</div>'
            f'<div class="amp-wp-comments-link"><a href="{canonical(article)}#comments">'
            "Leave a Comment</a></div></footer></article>"
            f'<footer class="amp-wp-footer"><p>&copy; {r.esc(site.name)}</p>'
            f'<a href="#top" class="back-to-top">Back to top</a></footer>')
