"""Icons, stylesheets and desktop integration files (package data)."""
