"""Shared page helpers: the store for this session, the language, formatting, layout."""
