"""WordPress with a classic theme and Yoast SEO: a JSON-LD @graph, `entry-*` classes,
wp-block-image figures, Jetpack share and related-posts blocks, a comment list."""

from __future__ import annotations

import zlib
from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure


def image_url(article: Article, fig: Figure, width: int) -> str:
    path = PurePosixPath(fig.file)
    if width == fig.widths[-1]:
        return article.site.origin + fig.file  # the original upload is the largest size
    height = round(width * 2 / 3)
    return f"{article.site.origin}{path.parent}/{path.stem}-{width}x{height}{path.suffix}"


def render(article: Article) -> str:
    if article.kind == "section_front":
        return _category_archive(article)
    lang = r.lang_of(article)
    head = r.join_nonempty(
        r.title_tag(article),
        r.meta("description", article.description),
        '<meta name="robots" content="index, follow, max-image-preview:large">',
        f'<link rel="canonical" href="{r.esc(r.canonical_url(article))}">',
        r.og_tags(article, _lead_url(article)),
        r.meta("author", article.meta_author or ", ".join(p.name for p in article.authors)
               or None),
        r.meta("twitter:label1", "Written by"),
        r.meta("twitter:data1", article.meta_author or (article.authors[0].name
                                                         if article.authors else None)),
        r.jsonld(_graph(article)),
        f'<link rel="stylesheet" href="{article.site.origin}/wp-content/themes/coast/style.css">',
    )
    return r.document(article.site.lang, head, _page(article, lang),
                      "post-template-default single single-post single-format-standard")


def _lead_url(article: Article) -> str | None:
    lead = r.lead_figures(article) or list(article.figures)
    return image_url(article, lead[0], lead[0].widths[-1]) if lead else None


def _graph(article: Article) -> dict:
    url = r.canonical_url(article)
    origin = article.site.origin
    people = [r.person_node(p) for p in (article.structured_authors or article.authors)]
    ids = []
    for index, node in enumerate(people):
        if isinstance(node, dict) and node.get("@type") == "Person":
            node["@id"] = f"{origin}/#/schema/person/{index + 1:04x}a9e"
        ids.append({"@id": node["@id"]} if "@id" in node else node)
    images = r.figure_images(article, lambda f, w: image_url(article, f, w))
    nodes: list[dict] = []
    article_node = r.article_node(article, [], "Article")
    article_node.pop("@context")
    article_node.pop("image", None)
    article_node.update({"@id": f"{url}#article", "isPartOf": {"@id": url}, "author": ids,
                         "publisher": {"@id": f"{origin}/#organization"}})
    if article.section:
        article_node["articleSection"] = [article.section]
    if images:
        article_node["image"] = {"@id": f"{url}#primaryimage"}
        images[0] = {**images[0], "@id": f"{url}#primaryimage",
                     "contentUrl": images[0]["url"], "inLanguage": article.site.lang}
        nodes.append(images[0])
    nodes.insert(0, article_node)
    nodes.append({"@type": "WebPage", "@id": url, "url": url, "name": r.title_tag(article)[7:-8],
                  "datePublished": article.published, "dateModified": article.modified,
                  "breadcrumb": {"@id": f"{url}#breadcrumb"}})
    crumbs = [("Home", origin + "/")]
    if article.section:
        crumbs.append((article.section, f"{origin}/category/{r.slug(article.section)}/"))
    crumbs.append((article.title, None))
    nodes.append({"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": [
        {"@type": "ListItem", "position": i, "name": name, **({"item": href} if href else {})}
        for i, (name, href) in enumerate(crumbs, 1)]})
    nodes.append({"@type": "WebSite", "@id": f"{origin}/#website", "url": origin + "/",
                  "name": article.site.name, "inLanguage": article.site.lang})
    nodes.append({"@type": "Organization", "@id": f"{origin}/#organization",
                  "name": article.site.name, "url": origin + "/"})
    nodes.extend(node for node in people if isinstance(node, dict) and "@id" in node)
    return {"@context": "https://schema.org", "@graph": nodes}


def _figure(article: Article, fig: Figure) -> str:
    if fig.bare:  # the classic editor: an image dropped into a paragraph
        url = lambda w: image_url(article, fig, w)  # noqa: E731
        return f"<p>{r.img(fig, url, cls='aligncenter size-large')}</p>"
    image = r.img(fig, lambda w: image_url(article, fig, w),
                  cls=f"wp-image-{zlib.crc32(fig.file.encode()) % 9000 + 1000}",
                  lazy_attrs="data-lazy-src")
    caption = r.caption_inline(fig)
    if fig.credit and fig.credit_markup == "span":
        caption += f' <span class="image-credit">{r.esc(r.credit_text(fig))}</span>'
    figcaption = f'<figcaption class="wp-element-caption">{caption}</figcaption>' if caption else ""
    return f'<figure class="wp-block-image size-large">{image}{figcaption}</figure>'


def _byline(article: Article, lang: str) -> str:
    if article.byline is not None:
        return f'<span class="byline">{article.byline}</span>' if article.byline else ""
    if not article.authors:
        return ""
    names = r.authors_html(article.authors, "url fn n", lang)
    return (f'<span class="byline"> by <span class="author vcard">{names}</span></span>')


def _meta_line(article: Article, lang: str) -> str:
    times = (f'<time class="entry-date published" datetime="{article.published}">'
             f"{r.shown_date(article.published, lang, False)}</time>")
    if article.modified:
        times += (f'<time class="updated" datetime="{article.modified}">'
                  f"{r.shown_date(article.modified, lang, False)}</time>")
    posted = (f'<span class="posted-on">Posted on <a href="{article.url}" rel="bookmark">'
              f"{times}</a></span>")
    return f'<div class="entry-meta">{posted}{_byline(article, lang)}</div>'


def _page(article: Article, lang: str) -> str:
    site = article.site
    sections = site.extra.get("sections", ["News", "Business", "Culture", "Sport"])
    header = (f'<header id="masthead" class="site-header"><div class="site-branding">'
              f'<p class="site-title"><a href="{site.origin}/" rel="home">{r.esc(site.name)}</a>'
              f'</p><p class="site-description">{r.esc(site.extra.get("tagline", ""))}</p></div>'
              f'{r.nav(sections, site.origin)}</header>')
    category = (f'<span class="cat-links"><a href="{site.origin}/category/'
                f'{r.slug(article.section)}/" rel="category tag">{r.esc(article.section)}</a>'
                "</span>" if article.section else "")
    subtitle = (f'<p class="entry-subtitle">{r.esc(article.subtitle)}</p>'
                if article.subtitle else "")
    entry_header = (f'<header class="entry-header">{category}<h1 class="entry-title">'
                    f"{r.esc(article.title)}</h1>{subtitle}{_meta_line(article, lang)}</header>")
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    thumbnail = f'<div class="post-thumbnail">{leads}</div>' if leads else ""
    inserts = {}
    if article.option("newsletter"):
        inserts[2] = r.newsletter_box(*article.option("newsletter"))
    body = r.body_html(article, lambda fig: _figure(article, fig), inserts)
    share = r.share_bar("sharedaddy sd-sharing-enabled", ("Share this:", "Facebook", "X",
                                                         "WhatsApp", "Email", "Print"))
    related = _related(article)
    tags = ", ".join(f'<a href="{site.origin}/tag/{r.slug(t)}/" rel="tag">{r.esc(t)}</a>'
                     for t in article.tags)
    footer = (f'<footer class="entry-footer"><span class="tags-links">Tagged {tags}</span>'
              "</footer>" if tags else "")
    post_nav = ('<nav class="navigation post-navigation" aria-label="Posts">'
                '<div class="nav-links">'
                f'<div class="nav-previous"><a href="{site.origin}/2024/01/09/winter-timetable/"'
                f' rel="prev">Previous post: Winter timetable comes into force</a></div>'
                f'</div></nav>')
    comments = r.comments_section(article.option("comments_heading", "2 thoughts on this story"),
                                  r.comment_fixture(lang)) if article.option("comments") else ""
    widget = r.related_box("Recent Posts", [
        ("Council publishes draft budget for consultation", f"{site.origin}/2024/02/02/budget/"),
        ("Letters: readers on the bypass plan", f"{site.origin}/2024/02/01/letters/"),
    ], "widget widget_recent_entries")
    article_html = (f'<article id="post-{len(article.name) * 131}" class="post type-post'
                    f' status-publish format-standard has-post-thumbnail hentry">'
                    f'{entry_header}{thumbnail}<div class="entry-content">{body}{share}{related}'
                    f"</div>{footer}</article>")
    return (f'<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">'
            f"Skip to content</a>{header}"
            f'<div id="content" class="site-content"><div id="primary" class="content-area">'
            f'<main id="main" class="site-main">{article_html}{post_nav}{comments}</main></div>'
            f'<aside id="secondary" class="widget-area">{widget}</aside></div>'
            f'<footer id="colophon" class="site-footer"><div class="site-info">&copy; 2024'
            f" {r.esc(site.name)}. Proudly powered by WordPress.</div></footer></div>")


def _related(article: Article) -> str:
    links = article.option("related")
    if not links:
        return ""
    items = "".join(
        f'<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title">'
        f'<a href="{r.esc(href)}">{r.esc(text)}</a></h4></div>' for text, href in links)
    return ('<div id="jp-relatedposts" class="jp-relatedposts">'
            '<h3 class="jp-relatedposts-headline">'
            f"<em>Related</em></h3><div class=\"jp-relatedposts-items\">{items}</div></div>")


def _category_archive(article: Article) -> str:
    site = article.site
    posts = "".join(
        f'<article class="post type-post status-publish format-standard hentry"><header'
        f' class="entry-header"><h2 class="entry-title"><a href="{site.origin}{r.esc(href)}"'
        f' rel="bookmark">{r.esc(title)}</a></h2><div class="entry-meta"><span class="posted-on">'
        f'<time class="entry-date published" datetime="{date}">{r.shown_date(date, "en", False)}'
        f'</time></span><span class="byline"> by <span class="author vcard"><a class="url fn n"'
        f' href="{site.origin}/author/{r.slug(author)}/">{r.esc(author)}</a></span></span></div>'
        f'</header><div class="entry-summary"><p>{r.esc(excerpt)} <a class="more-link" href="'
        f'{site.origin}{r.esc(href)}">Continue reading</a></p></div></article>'
        for title, href, date, author, excerpt in article.option("posts"))
    head = r.join_nonempty(r.title_tag(article), r.meta("description", article.description),
                           f'<link rel="canonical" href="{article.url}">',
                           r.og_tags(article, None, "website"))
    body = (f'<div id="page" class="site"><header id="masthead" class="site-header"><p class='
            f'"site-title"><a href="{site.origin}/" rel="home">{r.esc(site.name)}</a></p>'
            f'</header><div id="content" class="site-content"><main id="main" class="site-main">'
            f'<header class="page-header"><h1 class="page-title">{r.esc(article.title)}</h1>'
            f'<div class="archive-description"><p>{r.esc(article.subtitle)}</p></div></header>'
            f'{posts}<nav class="navigation pagination"><a class="next page-numbers"'
            ' href="page/2/">'
            f"Older posts</a></nav></main></div></div>")
    return r.document(site.lang, head, body, "archive category")
