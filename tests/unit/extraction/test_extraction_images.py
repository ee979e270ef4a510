"""Images on patterns seen on real pages (written here): lazy loading and placeholders,
galleries, agency credits inside captions, a credit without a caption."""

from __future__ import annotations

import pytest

from archiver.extraction import ExtractedArticle, extract_article
from archiver.extraction.images.captions import split_caption

URL = "https://saltmarsh.example/news/2024/07/03/tide-mill-restored.html"
BODY = (
    "<p>The tide mill at the mouth of the creek turned again on Tuesday for the first time in"
    " sixty years, after volunteers spent four winters rebuilding its wheel and sluice gates.</p>"
    "<p>The mill ground flour for the villages along the estuary until 1964, when the last"
    " miller retired and the pond silted up behind a collapsed embankment.</p>"
    "<p>The trust that restored it plans to open the building to visitors at weekends and to"
    " grind a small amount of grain on the spring tides, as the mill did for two centuries.</p>"
)
PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def images(figures: str) -> list:
    page = (f"<html lang='en'><head><title>Tide mill restored</title></head><body><article>"
            f"<h1>Tide mill restored</h1><p class='byline'>By Ada Rowe</p>"
            f"<time datetime='2024-07-03'>3 July 2024</time>{figures}{BODY}</article>"
            "</body></html>")
    result = extract_article(page.encode(), URL)
    assert isinstance(result, ExtractedArticle), result
    return result.images


@pytest.mark.parametrize("img", [
    f"<img src='{PLACEHOLDER}' data-src='/media/mill-wheel.jpg' alt='The wheel'>",
    f"<img src='{PLACEHOLDER}' data-srcset='/media/mill-wheel-480.jpg 480w,"
    f" /media/mill-wheel.jpg 1200w' alt='The wheel'>",
    "<img src='/static/img/placeholder-grey.png' data-lazy-src='/media/mill-wheel.jpg'"
    " alt='The wheel'>",
    "<img src='/assets/lazy-placeholder.gif' class='lazyload' alt='The wheel'>"
    "<noscript><img src='/media/mill-wheel.jpg' alt='The wheel'></noscript>",
    "<img srcset='/media/mill-wheel-480.jpg 480w, /media/mill-wheel.jpg 1200w'"
    f" src='{PLACEHOLDER}' alt='The wheel'>",
])
def test_lazy_images_resolve_to_the_real_file(img: str) -> None:
    found = images(f"<figure>{img}<figcaption>The restored wheel.</figcaption></figure>")
    assert [image.url for image in found] == ["https://saltmarsh.example/media/mill-wheel.jpg"]
    assert found[0].caption == "The restored wheel."


def test_a_placeholder_alone_is_no_image() -> None:
    found = images(f"<figure><img src='{PLACEHOLDER}' alt='x'><figcaption>Soon.</figcaption>"
                   "</figure><figure><img src='/static/images/blank.gif' alt='y'></figure>")
    assert found == []


@pytest.mark.parametrize(("caption", "clean", "credit"), [
    ("Volunteers lower the new sluice gate. (AP Photo/Jane Ashdown)",
     "Volunteers lower the new sluice gate.", "AP Photo/Jane Ashdown"),
    ("Volunteers lower the new sluice gate. REUTERS/Tom Hale",
     "Volunteers lower the new sluice gate.", "REUTERS/Tom Hale"),
    ("Volunteers lower the new sluice gate. Photograph: Tom Hale/The Guardian",
     "Volunteers lower the new sluice gate.", "Photograph: Tom Hale/The Guardian"),
    ("Volunteers lower the new sluice gate. Image Credits: Saltmarsh Trust",
     "Volunteers lower the new sluice gate.", "Image Credits: Saltmarsh Trust"),
])
def test_agency_credits_inside_captions_are_split_out(caption: str, clean: str,
                                                      credit: str) -> None:
    assert split_caption(caption) == (clean, credit)


def test_a_caption_credit_gives_creator_and_source() -> None:
    found = images("<figure><img src='/media/gate.jpg' alt='Gate'><figcaption>Volunteers lower"
                   " the new sluice gate. (AP Photo/Jane Ashdown)</figcaption></figure>")
    image = found[0]
    assert (image.caption, image.credit) == ("Volunteers lower the new sluice gate.",
                                             "AP Photo/Jane Ashdown")
    assert (image.creator, image.source) == ("Jane Ashdown", "AP")


def test_a_credit_without_a_caption_is_kept() -> None:
    found = images("<figure><img src='/media/pond.jpg' alt='The mill pond'>"
                   "<span class='credit'>Photo: Ada Rowe</span></figure>")
    assert [(i.url, i.caption, i.credit, i.creator) for i in found] == [
        ("https://saltmarsh.example/media/pond.jpg", None, "Photo: Ada Rowe", "Ada Rowe")]


def test_every_image_of_a_gallery_with_its_caption() -> None:
    slides = "".join(
        f"<li class='gallery__slide'><figure><img data-src='/media/step-{n}.jpg'"
        f" src='{PLACEHOLDER}'"
        f" alt='Step {n}'><figcaption>Step {n} of the rebuild. Photo: Ada Rowe</figcaption>"
        "</figure></li>"
        for n in (1, 2, 3)
    )
    found = images(f"<div class='gallery'><ul>{slides}</ul></div>")
    assert [(i.url.rsplit("/", 1)[1], i.caption, i.credit) for i in found] == [
        (f"step-{n}.jpg", f"Step {n} of the rebuild.", "Photo: Ada Rowe") for n in (1, 2, 3)]
