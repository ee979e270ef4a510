"""The page as parsed: bytes to tree, structured data, the article's region."""
