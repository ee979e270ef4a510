"""Whether the page is an article."""
