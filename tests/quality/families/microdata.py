"""schema.org microdata only: itemprops on the visible markup (headline, author Person,
datePublished on <time>, ImageObjects with caption and copyrightHolder), no JSON-LD,
no og: tags."""

from __future__ import annotations

from pathlib import PurePosixPath

from tests.quality import render as r
from tests.quality.model import Article, Figure


def image_url(article: Article, fig: Figure, width: int) -> str:
    path = PurePosixPath(fig.file)
    return f"{article.site.origin}/bilder{path.parent}/{path.stem}_w{width}{path.suffix}"


def render(article: Article) -> str:
    head = r.join_nonempty(r.title_tag(article), r.meta("description", article.description),
                           f'<link rel="canonical" href="{article.url}">')
    return r.document(article.site.lang, head, _page(article))


def _figure(article: Article, fig: Figure) -> str:
    url = lambda w: image_url(article, fig, w)  # noqa: E731
    alt = f' alt="{r.esc(fig.alt)}"' if fig.alt is not None else ""
    caption = (f'<figcaption><span itemprop="caption">{r.caption_inline(fig)}</span>'
               if fig.caption or fig.credit else "")
    if fig.credit and fig.credit_markup == "span":
        caption += (f' <span class="bildnachweis" itemprop="copyrightHolder">'
                    f"{r.esc(r.credit_text(fig))}</span>")
    caption += "</figcaption>" if caption else ""
    return (f'<figure class="bild" itemprop="image" itemscope itemtype="https://schema.org/ImageObject">'
            f'<img itemprop="contentUrl" src="{url(fig.widths[0])}" srcset="'
            f'{r.esc(r.srcset(fig.widths, url))}" sizes="(min-width: 900px) 860px, 100vw"{alt}>'
            f"{caption}</figure>")


def _author(article: Article) -> str:
    if article.byline is not None:
        return article.byline
    people = []
    for person in article.authors:
        kind = "Organization" if person.type == "organization" else "Person"
        name = f'<span itemprop="name">{r.esc(person.name)}</span>'
        if person.url:
            name = f'<a itemprop="url" href="{r.esc(person.url)}">{name}</a>'
        people.append(f'<span itemprop="author" itemscope itemtype="https://schema.org/{kind}">'
                      f"{name}</span>")
    word = {"de": " und ", "fr": " et ", "es": " y ", "pt": " e "}.get(r.lang_of(article), " and ")
    prefix = {"de": "Von ", "fr": "Par ", "es": "Por ", "pt": "Por "}.get(r.lang_of(article), "By ")
    return prefix + word.join(people) if people else ""


def _page(article: Article) -> str:
    site = article.site
    lang = r.lang_of(article)
    modified = (f'<meta itemprop="dateModified" content="{article.modified}">'
                if article.modified else "")
    section = (f'<p class="rubrik"><a href="{site.origin}/{r.slug(article.section)}/">'
               f'<span itemprop="articleSection">{r.esc(article.section)}</span></a></p>'
               if article.section else "")
    subtitle = (f'<p class="vorspann" itemprop="description">{r.esc(article.subtitle)}</p>'
                if article.subtitle else "")
    keywords = (f'<meta itemprop="keywords" content="{r.esc(", ".join(article.tags))}">'
                if article.tags else "")
    leads = "".join(_figure(article, fig) for fig in r.lead_figures(article))
    body = r.body_html(article, lambda fig: _figure(article, fig))
    share = r.share_bar("teilen", ("Teilen", "Facebook", "X", "E-Mail")) if lang == "de" else \
        r.share_bar()
    publisher = (f'<div itemprop="publisher" itemscope itemtype="https://schema.org/Organization">'
                 f'<meta itemprop="name" content="{r.esc(site.name)}"></div>')
    author = _author(article)
    meta = (f'<div class="artikel-meta"><span class="autor">{author}</span> '
            f'<time itemprop="datePublished" datetime="{article.published}">'
            f"{r.shown_date(article.published, lang)}</time>{modified}</div>")
    return (f'<div id="seite"><header id="kopf"><a href="{site.origin}/" class="logo">'
            f"{r.esc(site.name)}</a>{r.nav(site.extra.get('sections', ['Lokales']), site.origin)}"
            f'</header><div id="inhalt"><article itemscope itemtype="https://schema.org/NewsArticle">'
            f'{publisher}{keywords}{section}<h1 itemprop="headline">{r.esc(article.title)}</h1>'
            f'{subtitle}{meta}{leads}<div itemprop="articleBody" class="artikel-text">{body}</div>'
            f"{share}</article>{_more(article)}</div><footer id=\"fuss\"><p>&copy; "
            f"{r.esc(site.name)}</p></footer></div>")


def _more(article: Article) -> str:
    links = article.option("related")
    if not links:
        return ""
    title = {"de": "Mehr zum Thema", "fr": "À lire aussi"}.get(r.lang_of(article), "More stories")
    return r.related_box(title, [tuple(x) for x in links], "mehr-zum-thema related")
