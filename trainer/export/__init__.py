"""Statistics, progress exports and class reports."""
