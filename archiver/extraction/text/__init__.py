"""The body text (trafilatura) and its rendering."""
