"""Chancery: news articles about diplomacy, turned into a timeline you can read and annotate."""

__version__ = "0.1.0"
APP_NAME = "Chancery"
