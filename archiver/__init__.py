"""akorda.kz news archiver: crawl, extract, normalize and archive the President's official news."""

__version__ = "0.1.0"
