"""Authors: bylines, structured data, agencies."""
