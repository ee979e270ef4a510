"""HTML pieces the family templates share: metadata, JSON-LD, figures, body, page chrome."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from tests.quality.model import LINK, Article, Block, Figure, Person, parse_body, plain

PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
          " diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro"
          " dezembro",
}


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def inline(text: str) -> str:
    """Escaped text with "[words](url)" as links."""
    out, last = [], 0
    for match in LINK.finditer(text):
        out.append(esc(text[last:match.start()]))
        out.append(f'<a href="{esc(match.group(2))}">{esc(match.group(1))}</a>')
        last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


def lang_of(article: Article) -> str:
    return (article.language or article.site.lang or "en").split("-")[0]


def shown_date(value: str | None, lang: str, with_time: bool = True) -> str:
    """A date as the page prints it in its language ("4 March 2024, 09:15")."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if "T" in value else datetime.fromisoformat(value)
    month = MONTHS.get(lang, MONTHS["en"]).split()[moment.month - 1]
    if lang == "en":
        day = f"{month} {moment.day}, {moment.year}"
    elif lang == "de":
        day = f"{moment.day}. {month} {moment.year}"
    else:
        day = f"{moment.day} {month} {moment.year}"
    if not with_time or "T" not in value:
        return day
    clock = f"{moment.hour:02d}:{moment.minute:02d}"
    joiner = {"en": " at ", "de": ", ", "fr": " à ", "es": " - ", "pt": " às "}.get(lang, " ")
    return day + joiner + clock


# --- <head> ---------------------------------------------------------------------------


def meta(name: str, content: str | None, attr: str = "name") -> str:
    if content is None:
        return ""
    return f'<meta {attr}="{esc(name)}" content="{esc(content)}">'


def og_tags(article: Article, image: str | None, og_type: str = "article") -> str:
    title = article.seo_title or article.title
    tags = [
        meta("og:type", og_type, "property"),
        meta("og:title", title, "property"),
        meta("og:description", article.description, "property"),
        meta("og:url", canonical_url(article), "property"),
        meta("og:site_name", article.site.site_name, "property"),
        meta("og:image", image, "property"),
        meta("twitter:card", "summary_large_image"),
        meta("twitter:title", title),
    ]
    if og_type == "article":
        tags += [
            meta("article:published_time", article.published, "property"),
            meta("article:modified_time", article.modified, "property"),
            meta("article:section", article.section, "property"),
            *(meta("article:tag", tag, "property") for tag in article.tags),
        ]
    return "\n".join(t for t in tags if t)


def canonical_url(article: Article) -> str:
    return article.option("canonical", article.url)


def title_tag(article: Article) -> str:
    title = article.site.title_format.format(title=article.seo_title or article.title,
                                             site=article.site.name)
    return f"<title>{esc(title)}</title>"


def jsonld(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def person_node(person: Person | str | dict) -> Any:
    if isinstance(person, dict):
        return person
    if isinstance(person, str):
        return {"@type": "Person", "name": person}
    node: dict[str, Any] = {
        "@type": "Organization" if person.type == "organization" else "Person",
        "name": person.name,
    }
    if person.url:
        node["url"] = person.url
    return node


def structured_authors(article: Article) -> list[Any]:
    if article.structured_authors is not None:
        return [person_node(a) for a in article.structured_authors]
    return [person_node(p) for p in article.authors]


def image_node(fig: Figure, url: str) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "ImageObject", "url": url}
    if fig.caption:
        node["caption"] = fig.caption
    if fig.credit_markup == "hidden" and fig.credit:
        node["creditText"] = fig.credit
    if fig.credit_markup == "hidden" and fig.creator:
        node["creator"] = {"@type": "Person", "name": fig.creator}
    if fig.credit_markup == "hidden" and fig.source:
        node["copyrightHolder"] = {"@type": "Organization", "name": fig.source}
    if fig.credit_markup == "hidden" and fig.license:
        node["license"] = fig.license.get("url") or fig.license.get("name")
    return node


def article_node(article: Article, images: list[dict[str, Any]],
                 type_: str = "NewsArticle") -> dict[str, Any]:
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": type_,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url(article)},
        "headline": article.structured_headline or article.title,
        "description": article.description,
        "datePublished": article.published,
        "dateModified": article.modified,
        "author": structured_authors(article),
        "publisher": {"@type": "NewsMediaOrganization", "name": article.site.name,
                      "logo": {"@type": "ImageObject",
                               "url": article.site.origin + "/static/logo.png"}},
        "image": images,
        "articleSection": article.section,
        "keywords": list(article.tags) or None,
        "inLanguage": article.option("structured_language", article.site.lang or None),
    }
    return {key: value for key, value in node.items() if value not in (None, [], "")}


# --- the body -------------------------------------------------------------------------


def block_html(block: Block) -> str:
    if block.kind in ("h2", "h3"):
        return f"<{block.kind}>{inline(block.items[0])}</{block.kind}>"
    if block.kind in ("ul", "ol"):
        items = "".join(f"<li>{inline(item)}</li>" for item in block.items)
        return f"<{block.kind}>{items}</{block.kind}>"
    if block.kind == "quote":
        return f"<blockquote><p>{inline(block.items[0])}</p></blockquote>"
    if block.kind == "table":
        head, *rows = [row.split(" | ") for row in block.items]
        th = "".join(f"<th>{esc(cell)}</th>" for cell in head)
        trs = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                      for row in rows)
        return f"<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>"
    return f"<p>{inline(block.items[0])}</p>"


def body_html(
    article: Article,
    figure: Callable[[Figure], str],
    inserts: dict[int, str] | None = None,
    block: Callable[[Block], str] = block_html,
) -> str:
    """The body blocks with the in-body figures and the `inserts` (after block N) placed."""
    inserts = inserts or {}
    parts = []
    for index, item in enumerate(parse_body(article.body), 1):
        parts.append(block(item))
        parts.extend(figure(fig) for fig in article.figures if fig.after == index)
        if index in inserts:
            parts.append(inserts[index])
    return "\n".join(parts)


def lead_figures(article: Article) -> list[Figure]:
    return [fig for fig in article.figures if fig.after == 0]


def credit_text(fig: Figure) -> str:
    return fig.printed.format(credit=fig.credit) if fig.credit else ""


def caption_inline(fig: Figure, joiner: str = " ") -> str:
    """The caption with the credit run into its text, as many CMSs print it."""
    parts = [esc(fig.caption)] if fig.caption else []
    if fig.credit and fig.credit_markup == "inline":
        parts.append(esc(credit_text(fig)))
    return joiner.join(parts)


def srcset(widths: Iterable[int], url: Callable[[int], str]) -> str:
    return ", ".join(f"{url(w)} {w}w" for w in widths)


def img(fig: Figure, url: Callable[[int], str], *, cls: str = "", sizes: str = "100vw",
        lazy_attrs: str = "data-src") -> str:
    """An <img> with srcset; lazy ones carry the real URLs in data- attributes."""
    middle = url(fig.widths[len(fig.widths) // 2])
    alt = f' alt="{esc(fig.alt)}"' if fig.alt is not None else ""
    klass = f' class="{cls}"' if cls else ""
    if fig.lazy:
        return (f'<img{klass} src="{PLACEHOLDER}" {lazy_attrs}="{esc(middle)}"'
                f' data-srcset="{esc(srcset(fig.widths, url))}" sizes="{sizes}"{alt}>'
                f'<noscript><img src="{esc(middle)}"{alt}></noscript>')
    return (f'<img{klass} src="{esc(middle)}" srcset="{esc(srcset(fig.widths, url))}"'
            f' sizes="{sizes}"{alt} loading="lazy" decoding="async">')


# --- page chrome ----------------------------------------------------------------------


def nav(sections: Iterable[str], origin: str) -> str:
    links = "".join(f'<li><a href="{origin}/{slug(s)}/">{esc(s)}</a></li>' for s in sections)
    return f'<nav class="main-nav" aria-label="Sections"><ul>{links}</ul></nav>'


def slug(text: str) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in plain(text).lower())
    return "-".join(part for part in keep.split("-") if part)


def share_bar(cls: str = "share-bar", labels: tuple[str, ...] = ("Share", "Facebook", "X",
              "Email", "Copy link")) -> str:
    first, *rest = labels
    buttons = "".join(f'<li><a class="share-{slug(x)}" href="#">{esc(x)}</a></li>' for x in rest)
    return f'<div class="{cls}"><span>{esc(first)}</span><ul>{buttons}</ul></div>'


def related_box(title: str, links: list[tuple[str, str]], cls: str = "related-links") -> str:
    items = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for text, href in links)
    return f'<aside class="{cls}"><h3>{esc(title)}</h3><ul>{items}</ul></aside>'


def newsletter_box(title: str, text: str, button: str, cls: str = "newsletter-signup") -> str:
    return (f'<div class="{cls}"><p class="newsletter-title"><strong>{esc(title)}</strong></p>'
            f'<p>{esc(text)}</p><form action="/newsletter" method="post">'
            f'<input type="email" name="email" placeholder="Email address">'
            f'<button type="submit">{esc(button)}</button></form></div>')


def comments_section(heading: str, comments: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f'<li class="comment"><div class="comment-author"><b class="fn">{esc(who)}</b>'
        f' <time>{esc(when)}</time></div><div class="comment-content"><p>{esc(text)}</p></div></li>'
        for who, when, text in comments
    )
    return (f'<section id="comments" class="comments-area"><h2 class="comments-title">'
            f'{esc(heading)}</h2><ol class="comment-list">{items}</ol></section>')


def document(lang: str, head: str, body: str, body_class: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    klass = f' class="{body_class}"' if body_class else ""
    return (f"<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"{head}\n</head>\n<body{klass}>\n{body}\n</body>\n</html>\n")


def authors_html(authors: Iterable[Person], link_cls: str = "", lang: str = "en") -> str:
    """"<a>A</a>, <a>B</a> and <a>C</a>" in the page's language."""
    links = []
    for person in authors:
        cls = f' class="{link_cls}"' if link_cls else ""
        name = esc(person.name)
        links.append(f'<a{cls} href="{esc(person.url)}">{name}</a>' if person.url else name)
    word = {"en": "and", "de": "und", "fr": "et", "es": "y", "pt": "e"}.get(lang, "and")
    if len(links) <= 1:
        return "".join(links)
    return ", ".join(links[:-1]) + f" {word} " + links[-1]


def comment_fixture(lang: str) -> list[tuple[str, str, str]]:
    """Reader comments: they never belong in the body."""
    return COMMENTS.get(lang, COMMENTS["en"])


COMMENTS = {
    "en": [
        ("harbourwatcher", "2 hours ago",
         "We were promised the same thing ten years ago and nothing happened. I will believe it"
         " when I see it."),
        ("M. Okoye", "1 hour ago",
         "Good reporting. Would be useful to know what the neighbouring councils are doing."),
    ],
    "de": [
        ("Leser_1972", "vor 3 Stunden",
         "Das hätte man schon vor Jahren angehen müssen. Jetzt zahlen wieder die Anwohner."),
        ("K. Brandt", "vor 1 Stunde", "Danke für den ausführlichen Bericht."),
    ],
    "fr": [
        ("Camille R.", "il y a 2 heures",
         "On nous promet la même chose depuis dix ans, sans résultat."),
    ],
    "es": [
        ("lector_valencia", "hace 2 horas",
         "Ya era hora de que alguien hablara con los vecinos antes de decidir."),
    ],
    "pt": [
        ("Rui M.", "há 2 horas", "Reportagem muito boa, obrigado por explicar os números."),
    ],
}


def figure_images(article: Article, url: Callable[[Figure, int], str]) -> list[dict[str, Any]]:
    return [image_node(fig, url(fig, fig.widths[-1])) for fig in article.figures
            if fig.structured]


def authors_names(authors: Iterable[Person]) -> list[str]:
    return [p.name for p in authors]


def join_nonempty(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def common_head(article: Article, image: str | None) -> str:
    """The head lines most templates open with: title, description, canonical, Open Graph."""
    return join_nonempty(
        title_tag(article),
        meta("description", article.description),
        f'<link rel="canonical" href="{article.url}">',
        og_tags(article, image),
    )


__all__ = ["plain", "Block"]
