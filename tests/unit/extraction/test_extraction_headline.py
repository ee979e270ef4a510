"""The standfirst search reads the elements after the headline as XPath's following::* does."""

from __future__ import annotations

from archiver.extraction.headline.standfirst import _following
from archiver.extraction.page.document import load_page

PAGE = b"""<!DOCTYPE html><html><head><title>T</title></head><body>
<div class="top"><header><span>Kicker</span><h1>Headline <em>here</em></h1>
<p class="dek">Standfirst <b>bold</b></p></header>
<!-- a comment --><figure><img src="a.jpg"><figcaption>Caption</figcaption></figure>
<section><p>One</p><div><p>Two <i>it</i></p></div></section></div>
<footer><ul><li>Link</li></ul></footer></body></html>
<p>After the end of the page</p>"""


def test_the_elements_after_the_headline_come_in_page_order_as_xpath_gives_them() -> None:
    tree = load_page(PAGE, "http://127.0.0.1/a.html").tree
    for element in tree.iter("h1", "header", "em", "figcaption", "li"):
        assert list(_following(element)) == element.xpath("following::*"), element.tag
