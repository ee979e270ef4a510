"""NYT-like pages: data-testid headline, #article-summary, a byline with itemprop names
and "By" in its own span, figures as microdata ImageObjects whose copyrightHolder span
starts with a "Credit..." label, JSON-LD with creditText, "Advertisement" slots,
"Continue reading the main story", a video-only variant."""

from __future__ import annotations

from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure

SIZES = {600: "articleLarge", 1024: "jumbo", 2048: "superJumbo"}


def image_url(article: Article, fig: Figure, width: int) -> str:
    path = PurePosixPath(fig.file)
    size = SIZES.get(width, f"w{width}")
    host = "static01." + article.site.origin.split("//")[1].removeprefix("www.")
    return f"https://{host}/images{path.parent}/{path.stem}-{size}.jpg?quality=75&auto=webp"


def render(article: Article) -> str:
    if article.kind == "video":
        return _video(article)
    images = [{"@type": "ImageObject", "url": image_url(article, f, f.widths[-1]),
               "caption": f.caption, "creditText": f.credit} for f in article.figures]
    head = r.join_nonempty(
        r.common_head(article, images[0]["url"] if images else None),
        r.meta("byl", "By " + " and ".join(p.name for p in article.authors)
               if article.authors else None),
        r.meta("news_keywords", ",".join(article.tags) or None),
        r.jsonld(r.article_node(article, images)),
    )
    return r.document(article.site.lang, head, _page(article))


def _figure(article: Article, fig: Figure) -> str:
    url = lambda w: image_url(article, fig, w)  # noqa: E731
    alt = f' alt="{r.esc(fig.alt)}"' if fig.alt is not None else ' alt=""'
    credit = ""
    if fig.credit:
        credit = (f'<span class="css-cnj6d5 e1z0qqy90" itemprop="copyrightHolder">'
                  f'<span class="css-1ly73wi e1tej78p0">Credit...</span><span>'
                  f"{r.esc(fig.credit)}</span></span>")
    caption = (f'<span class="css-jevhq9 e13ogyst0">{r.esc(fig.caption)}</span>'
               if fig.caption else "")
    return ('<figure class="sizeLarge layoutHorizontal css-1b4fpzk" aria-label="media"'
            ' role="group"'
            f' itemscope itemprop="associatedMedia" itemid="{url(fig.widths[0])}"'
            f' itemtype="http://schema.org/ImageObject"><div data-testid="imageblock-wrapper">'
            f'<picture><img{alt} class="css-rq4mmj" src="{url(fig.widths[0])}" srcset="'
            f'{r.esc(r.srcset(fig.widths, url))}" sizes="((min-width: 600px) and (max-width:'
            f' 1004px)) 84vw, (min-width: 1005px) 60vw, 100vw" decoding="async" width="600"'
            f' height="400"></picture></div><figcaption class="css-wzvxoy ewdxa0s0">{caption}'
            f"{credit}</figcaption></figure>")


def _byline(article: Article) -> str:
    inner = article.byline
    if inner is None:
        names = [f'<a href="{r.esc(p.url)}" class="css-n8ff4n e1jsehar0"><span itemprop="name"'
                 f' class="last-byline">{r.esc(p.name)}</span></a>' for p in article.authors]
        joined = (", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1 else "".join(names)
        inner = f'<span class="byline-prefix">By</span> {joined}' if names else ""
    if not inner:
        return ""
    return (f'<div class="css-1vbe9vm"><p class="css-aknsld e1jsehar1" itemprop="author" '
            f'itemscope itemtype="http://schema.org/Person">{inner}</p></div>')


def _times(article: Article) -> str:
    published = (f'<time class="css-1ta93x6 e16638kd0" datetime="{article.published}">'
                 f"<span>{r.shown_date(article.published, 'en', False)}</span></time>")
    updated = (f'<time class="css-x7rtpa e16638kd0" datetime="{article.modified}">Updated '
               f'<span>{article.modified[11:16]} ET</span></time>' if article.modified else "")
    return f'<div class="css-1a2q1ly">{published}{updated}</div>'


def _page(article: Article) -> str:
    site = article.site
    kicker = (f'<p class="css-kicker"><a href="{site.origin}/section/{r.slug(article.section)}">'
              f"{r.esc(article.section)}</a></p>" if article.section else "")
    summary = (f'<p id="article-summary" class="css-79rysd e1wiw3jv0">{r.esc(article.subtitle)}</p>'
               if article.subtitle else "")
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    ad = ('<div class="css-ad"><div class="ad" id="mid1-wrapper"><p class="css-1mafx5t">'
          'Advertisement</p><a href="#after-mid1" class="css-1ly73wi">SKIP ADVERTISEMENT</a>'
          "</div></div>")
    body_parts = r.body_html(article, lambda fig: _figure(article, fig), {3: ad}).split("\n")
    body = "".join(f'<div class="css-53u6y8"><div class="StoryBodyCompanionColumn">{part}</div>'
                   "</div>" if part.startswith("<p>") else part for part in body_parts)
    share = ('<div class="css-share"><button aria-label="Share full article">Share full article'
             '</button><button>Read 212 comments</button></div>')
    related = article.option("related") or []
    more = "".join(f'<li><a href="{r.esc(h)}"><img src="https://static01.example/thumb{i}.jpg"'
                   f' alt=""><p>{r.esc(t)}</p></a></li>' for i, (t, h) in enumerate(related))
    below = (f'<div id="NYT_BELOW_MAIN_CONTENT_REGION"><h2>More in {r.esc(article.section)}</h2>'
             f"<ol>{more}</ol></div>" if more else "")
    return (f'<div id="app"><header class="css-masthead"><a href="{site.origin}/" data-testid='
            f'"masthead-logo">{r.esc(site.name)}</a><a class="css-subscribe" href="/subscription">'
            f'Subscribe for $1/week</a></header><main id="site-content"><div><article id="story"'
            f' class="css-1vxca1d"><header class="css-1ih3b8w">{kicker}<h1 data-testid="headline"'
            f' class="css-88wicj e1h9rw200" id="link-{len(article.name)}">{r.esc(article.title)}'
            f"</h1>{summary}{leads}{_byline(article)}{_times(article)}{share}</header>"
            f'<section name="articleBody" itemprop="articleBody">{body}</section>'
            f'<div class="bottom-of-article"><p class="css-continue">Continue reading the main'
            f" story</p></div></article></div>{below}</main><footer class=\"css-footer\">"
            f"<p>&copy; 2024 {r.esc(site.name)} Company</p></footer></div>")


def _video(article: Article) -> str:
    site = article.site
    node = {"@context": "https://schema.org", "@type": "VideoObject", "name": article.title,
            "description": article.description, "uploadDate": article.published,
            "thumbnailUrl": f"{site.origin}/video/thumb.jpg", "duration": "PT2M41S"}
    head = r.join_nonempty(r.title_tag(article), r.meta("description", article.description),
                           r.og_tags(article, f"{site.origin}/video/thumb.jpg", "video.other"),
                           r.jsonld(node))
    body = (f'<div id="app"><header><a href="{site.origin}/">{r.esc(site.name)}</a></header>'
            f'<main id="site-content"><div class="css-video-player"><video controls poster='
            f'"{site.origin}/video/thumb.jpg" src="{site.origin}/video/clip.mp4"></video></div>'
            f'<h1 data-testid="video-headline">{r.esc(article.title)}</h1><p class="css-video-'
            f'summary">{r.esc(article.subtitle)}</p><p class="css-video-date">'
            f"{r.shown_date(article.published, 'en', False)}</p><div class=\"css-playlist\">"
            "<h2>More videos</h2><ul><li><a href=\"/video/1\">Inside the flood barrier</a></li>"
            "<li><a href=\"/video/2\">A night on the ferry</a></li></ul></div></main></div>")
    return r.document(site.lang, head, body)
