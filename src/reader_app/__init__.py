"""Reader: read sources side by side, highlight, tag, annotate, link and export."""
__version__ = "0.1.0"
