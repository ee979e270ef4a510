"""Arc XP-like (Fusion) pages: JSON-LD NewsArticle with UTC dates, resizer image URLs,
data-testid bylines, display dates without <time>, ad slots, "Read more" interstitials
and a related-stories rail with thumbnails inside the article."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure


def image_url(article: Article, fig: Figure, width: int) -> str:
    stem = PurePosixPath(fig.file).stem.upper().replace("-", "")[:20]
    auth = hashlib.sha1(fig.file.encode()).hexdigest()[:16]
    return f"{article.site.origin}/resizer/v2/{stem}.jpg?auth={auth}&width={width}&quality=80"


def render(article: Article) -> str:
    if article.kind == "tag_page":
        return _tag_page(article)
    head = r.join_nonempty(
        r.title_tag(article),
        r.meta("description", article.description),
        f'<link rel="canonical" href="{r.esc(r.canonical_url(article))}">',
        r.og_tags(article, _lead_url(article)),
        r.meta("author", article.meta_author),
        r.jsonld(_news_article(article)),
    )
    return r.document(article.site.lang, head, _page(article))


def _utc(value: str | None, millis: str = ".000") -> str | None:
    # Arc prints UTC with milliseconds: "2024-05-02T14:03:11.519Z".
    if not value or not value.endswith("Z"):
        return value
    return value[:-1] + millis + "Z"


def _lead_url(article: Article) -> str | None:
    leads = r.lead_figures(article)
    return image_url(article, leads[0], leads[0].widths[-1]) if leads else None


def _news_article(article: Article) -> dict:
    images = r.figure_images(article, lambda f, w: image_url(article, f, 1200))
    node = r.article_node(article, images)
    node["datePublished"] = _utc(article.published, ".519")
    if article.modified:
        node["dateModified"] = _utc(article.modified, ".204")
    return node


def _figure(article: Article, fig: Figure, lead: bool = False) -> str:
    image = r.img(fig, lambda w: image_url(article, fig, w), cls="c-image",
                  sizes="(min-width: 1024px) 800px, 100vw")
    caption = f'<span class="caption-text">{r.esc(fig.caption)}</span>' if fig.caption else ""
    if fig.credit and fig.credit_markup == "span":
        caption += f' <span class="credit-text">{r.esc(r.credit_text(fig))}</span>'
    elif fig.credit_markup == "inline":
        caption = f'<span class="caption-text">{r.caption_inline(fig)}</span>'
    cls = "lead-art" if lead else "inline-art"
    return (f'<figure class="{cls} c-media-item"><div class="image-wrapper">{image}</div>'
            f'<figcaption class="{cls}__caption c-media-item__fig-caption">{caption}'
            "</figcaption></figure>")


def _byline(article: Article) -> str:
    if article.byline is not None:
        inner = article.byline
    elif article.authors:
        inner = ('<span class="byline__by">By</span> <span class="byline__names">'
                 + r.authors_html(article.authors, "byline__link") + "</span>")
    else:
        return ""
    return f'<div class="byline c-byline" data-testid="byline">{inner}</div>'


def _timestamp(article: Article) -> str:
    shown = f"Published {r.shown_date(article.published, 'en')} UTC"
    if article.modified:
        shown += f' <span class="updated">Updated {r.shown_date(article.modified, "en")} UTC</span>'
    return (f'<div class="timestamp"><span class="display-date" data-testid="display-date">'
            f"{shown}</span></div>")


def _page(article: Article) -> str:
    site = article.site
    sections = site.extra.get("sections", ["Local", "Politics", "Business", "Sports", "Opinion"])
    header = (f'<header class="site-header" data-testid="masthead"><a class="logo" href="'
              f'{site.origin}/"'
              f' aria-label="{r.esc(site.name)} home"><img src="{site.origin}/pf/logo.svg" alt="'
              f'{r.esc(site.name)}"></a>{r.nav(sections, site.origin)}'
              f'<a class="subscribe-button" href="{site.origin}/subscribe/">Subscribe</a></header>')
    overline = (f'<div class="overline"><a class="overline__link" href="{site.origin}/'
                f'{r.slug(article.section)}/">{r.esc(article.section)}</a></div>'
                if article.section else "")
    subtitle = (f'<h2 class="sub-headline" data-testid="subheadline">{r.esc(article.subtitle)}</h2>'
                if article.subtitle else "")
    leads = "".join(_figure(article, fig, True) for fig in r.lead_figures(article))
    ad = ('<div class="ad-container" data-testid="ad"><p class="ad-label">Advertisement</p>'
          '<div id="arcad-inline1"></div></div>')
    inserts = {2: ad}
    if article.option("read_more"):
        text, href = article.option("read_more")
        inserts[4] = (f'<div class="interstitial-link"><p><a href="{r.esc(href)}"><b>Read more:'
                      f"</b> {r.esc(text)}</a></p></div>")
    body = r.body_html(article, lambda fig: _figure(article, fig), inserts)
    if article.option("split_body"):
        body = _split_body(article, body)
    share = r.share_bar("share-bar social-tools", ("Share", "Facebook", "X", "LinkedIn", "Email",
                                                   "Gift this article"))
    tags = "".join(f'<li><a class="tag" href="{site.origin}/topics/{r.slug(t)}/">{r.esc(t)}'
                   "</a></li>"
                   for t in article.tags)
    tag_list = f'<ul class="article-tags tags">{tags}</ul>' if tags else ""
    related = _related(article)
    main = (f'<main id="main"><article class="article-body-wrapper">{overline}'
            f'<h1 class="headline" data-testid="headline">{r.esc(article.title)}</h1>{subtitle}'
            f"{_byline(article)}{_timestamp(article)}{share}{leads}"
            f'<div class="article-body" data-testid="article-body">{body}</div>{tag_list}'
            f"{related}</article></main>")
    footer = (f'<footer class="site-footer"><p>&copy; 2024 {r.esc(site.name)}. All rights reserved.'
              f'</p><ul><li><a href="{site.origin}/terms/">Terms of Use</a></li>'
              f'<li><a href="{site.origin}/privacy/">Privacy Policy</a></li></ul></footer>')
    return f'<div id="fusion-app">{header}{main}{footer}</div>'


def _split_body(article: Article, body: str) -> str:
    """The body in several text blocks with a photo gallery between them (review pages)."""
    parts = body.split("\n")
    chunks = ["\n".join(parts[i:i + 3]) for i in range(0, len(parts), 3)]
    gallery = ('<div class="o-gallery" data-gallery="review"><div class="o-gallery__count">'
               '12 photos</div><a class="o-gallery__open" href="#gallery">View gallery</a></div>')
    return gallery.join(f'<div class="article-text c-gray-1">{chunk}</div>' for chunk in chunks)


def _related(article: Article) -> str:
    stories = article.option("related")
    if not stories:
        return ""
    items = "".join(
        f'<li class="related-story"><a href="{r.esc(href)}"><img class="related-story__thumb"'
        f' src="{article.site.origin}/resizer/v2/THUMB{index}.jpg?width=160" alt="">'
        f"<span>{r.esc(text)}</span></a></li>"
        for index, (text, href) in enumerate(stories))
    return (f'<div class="related-stories" data-testid="related-stories"><h2>More from '
            f"{r.esc(article.section or article.site.name)}</h2><ul>{items}</ul></div>")


def _tag_page(article: Article) -> str:
    site = article.site
    teasers = "".join(
        f'<li class="story-card"><a href="{site.origin}{r.esc(href)}"><img src="{site.origin}'
        f'/resizer/v2/CARD{i}.jpg?width=400" alt=""><h3 class="story-card__headline">'
        f'{r.esc(title)}</h3></a><p class="story-card__description">{r.esc(dek)}</p>'
        f'<span class="story-card__date">{r.esc(date)}</span></li>'
        for i, (title, href, dek, date) in enumerate(article.option("teasers")))
    head = r.join_nonempty(r.title_tag(article), r.meta("description", article.description),
                           r.og_tags(article, None, "website"))
    body = (f'<div id="fusion-app"><header class="site-header"><a class="logo" href="'
            f'{site.origin}/">'
            f"{r.esc(site.name)}</a></header><main><h1 class=\"tag-title\">{r.esc(article.title)}"
            f'</h1><p class="tag-description">{r.esc(article.subtitle)}</p>'
            f'<ul class="results-list">{teasers}</ul><a class="load-more" href="?page=2">Load more'
            "</a></main></div>")
    return r.document(site.lang, head, body)
