"""Reference schemas and vocabularies graphkit ships as package data."""
