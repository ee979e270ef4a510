"""Article images: files, captions, credits, licenses."""
