"""The article's language."""
