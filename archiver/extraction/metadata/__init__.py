"""Page-level metadata: description, section, tags, site name, canonical URL."""
