"""Page classification, a step of its own: article, listing, other or unclassified, and why.

The rule, in order:
1. A page whose structured data or og:type names it a product, a profile, a collection, a
   search result page, an about or contact page, a forum thread or a lodging, and that gives
   no article metadata, is `other`. (Types that sites give themselves on every page, such
   as Organization, LocalBusiness or an ItemList of their menu, say nothing of the page.)
   So is a video page (VideoObject, og:type video.*) whose text is too short for an
   article; a video page with a story of its own in text is judged as any page.
2. A page with several teaser headlines (links to other pages) that print most of its body
   text is a `listing` (archiver.extraction.classification.listing), unless it declares
   itself an article (article metadata, or an <article> holding the headline with its
   dateline). Related-story teasers under an article print none of its body text, so
   they do not make it a listing.
3. A page that does not declare itself an article and whose markup or URL path shows a
   forum thread, a shop's product page or documentation is `other`
   (archiver.extraction.classification.markers): their posts, reviews and "last updated"
   lines have dates and names that would read as a dateline and a byline.
4. A page with too little text is skipped as too short, unless a headline with a date or
   byline standing with it (or article metadata) says it is a short news item; so is one
   with too little text before a paywall (the article is not on the page).
5. Article metadata (og:type article, schema.org Article types, an <article> holding the
   headline and its dateline), a headline with a marked-up date or a byline standing
   with it, or a byline, a marked-up date or a date in the URL path anywhere make an
   `article`, with or without JSON-LD.
6. A page without any of those whose URL path names a service page of the site (about,
   contact, staff, search, tag, category...) is `other`.
7. Any other page is `unclassified` and still gives a record: where nothing says either
   way, losing an article costs more than keeping a page that is not one. A headline that
   matches the page's title is no sign either way (every page of most sites has one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import lxml.etree

from archiver.extraction.classification.listing import full_posts, teaser_headings, teaser_share
from archiver.extraction.classification.markers import non_article_markup, service_url
from archiver.extraction.classification.signals import article_signals
from archiver.extraction.page.region import REGEXP_NS
from archiver.extraction.page.structured import types_of

if TYPE_CHECKING:
    from archiver.extraction.context import PageContext
    from archiver.extraction.dates.published import Dates
    from archiver.items import Author

ARTICLE = "article"
LISTING = "listing"
OTHER = "other"
UNCLASSIFIED = "unclassified"
# A page with this many teaser headlines printing this share of its body text is a listing.
MIN_TEASERS = 2
MIN_TEASER_SHARE = 0.5
# A page where this many linked headlines each head a post in full is a blog's front page.
MIN_FULL_POSTS = 3
# The body a short news item needs when headline and date or byline say it is an article.
MIN_SHORT_ITEM_CHARS = 80
# schema.org types (top-level nodes only) and og:type values of pages that are no articles.
NOT_ARTICLE_TYPES = frozenset({
    "Product", "ProductGroup", "IndividualProduct", "Offer", "AggregateOffer", "ItemPage",
    "CollectionPage", "SearchResultsPage", "ProfilePage", "QAPage", "DiscussionForumPosting",
    "AboutPage", "ContactPage", "CheckoutPage",
    "JobPosting", "RealEstateListing", "Hotel", "LodgingBusiness", "VacationRental",
})
NOT_ARTICLE_OG_TYPES = frozenset({"product", "product.item", "product.group", "profile",
                                  "business.business", "place", "restaurant.restaurant"})
# A video page is no article while its text is a caption; with a story of its own in text
# (min_chars or more) it is a newsroom's video story, news to archive.
VIDEO_TYPES = frozenset({"VideoObject"})
VIDEO_OG_TYPES = frozenset({"video.other", "video.movie", "video.episode"})
PAYWALL = lxml.etree.XPath(
    "//*[@class and re:test(@class, '(^|[\\s_-])paywall($|[\\s_])', 'i')]", namespaces=REGEXP_NS)
# Signals that the page declares itself an article (not a byline alone: listings have those).
DECLARED = frozenset({"og_type_article", "structured_article", "article_element"})


@attrs.frozen
class Classification:
    page_type: str
    """"article", "listing", "other" or "unclassified"."""
    reason: str
    """Snake_case key of the deciding rule; the Skipped reason when no record is made."""
    detail: str
    """A sentence saying what was found."""

    @property
    def keeps_record(self) -> bool:
        return self.page_type in (ARTICLE, UNCLASSIFIED)


def classify_page(context: PageContext, text: str, authors: list[Author], dates: Dates,
                  *, min_chars: int, min_signals: int) -> Classification:
    signals = article_signals(context, authors, dates)
    declared = DECLARED & set(signals)
    refused = None if declared else (_not_an_article(context, text)
                                     or _video_page(context, text, min_chars))
    if refused:
        return refused
    dated_or_signed = _stands_with_headline(context) and bool(dates.marked_up or authors)
    shown = ", ".join(signals) or "none"
    shows_article = bool(declared) or bool(context.headline.title and dated_or_signed)
    if len(text) < min_chars and PAYWALL(context.tree):
        return Classification(OTHER, "paywalled", f"{len(text)} characters of body text before"
                              " a paywall")
    if len(text) < min_chars and not (shows_article and len(text) >= MIN_SHORT_ITEM_CHARS):
        return Classification(OTHER, "too_short",
                              f"{len(text)} characters of body text, fewer than {min_chars}")
    evidence = [name for name in signals if name != "headline_matches_title"]
    if shows_article or len(evidence) >= min_signals:
        return Classification(ARTICLE, "article_signals", f"article signals: {shown}")
    service = service_url(context.url)
    if service:
        return Classification(OTHER, "not_an_article", f"no article signals ({shown}), and the"
                              f" URL path names a service page ({service!r})")
    return Classification(UNCLASSIFIED, "no_article_signals",
                          f"no article signals ({shown}); kept as the page may be an article")


def _not_an_article(context: PageContext, text: str) -> Classification | None:
    """Rules 1 to 3, for a page that does not declare itself an article."""
    declared = _declared_not_article(context)
    if declared:
        return Classification(OTHER, "not_an_article", f"the page declares itself {declared}")
    shown = non_article_markup(context)
    if shown:
        return Classification(OTHER, "not_an_article", f"the page is {shown}")
    return _listing(context, text)


def _listing(context: PageContext, text: str) -> Classification | None:
    headings = teaser_headings(context.tree, context.base_url)
    if len(headings) < MIN_TEASERS:
        return None
    posts = full_posts(headings)
    if posts >= MIN_FULL_POSTS:
        return Classification(LISTING, "listing_page", f"{posts} linked headlines each head a"
                              " post printed in full, and no article metadata")
    share = teaser_share(context.tree, headings, text)
    if share < MIN_TEASER_SHARE:
        return None
    return Classification(LISTING, "listing_page", f"{len(headings)} teaser headlines print"
                          f" {share:.0%} of the body text, and no article metadata")


def _stands_with_headline(context: PageContext) -> bool:
    """The region where bylines and dates are read holds the headline (or there is none)."""
    h1 = context.h1
    return h1 is None or context.region is h1 or context.region in h1.iterancestors()


def _declared_not_article(context: PageContext, types: frozenset[str] = NOT_ARTICLE_TYPES,
                          og_types: frozenset[str] = NOT_ARTICLE_OG_TYPES) -> str | None:
    """The non-article type the page gives itself ("a Product"), if any."""
    for node in context.data.nodes:
        found = types_of(node) & types
        if found:
            return f"a {sorted(found)[0]} (schema.org)"
    og_type = (context.data.first_meta("og:type") or "").lower()
    return f"a {og_type} (og:type)" if og_type in og_types else None


def _video_page(context: PageContext, text: str, min_chars: int) -> Classification | None:
    if len(text) >= min_chars:
        return None
    video = _declared_not_article(context, VIDEO_TYPES, VIDEO_OG_TYPES)
    return video and Classification(OTHER, "not_an_article", f"the page declares itself {video}"
                                    f" and has {len(text)} characters of text")
