"""Question banks: the format (models), loading from TOML, and validation."""
