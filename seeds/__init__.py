"""The five bundled articles and their manifest (package data)."""
