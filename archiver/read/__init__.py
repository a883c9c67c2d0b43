"""What analysts read: history and diffs, summaries, plots, terminal and CSV tables."""
