"""Page -> fields, pure: extraction (every site selector), dates, URLs, text language, the Article record."""
