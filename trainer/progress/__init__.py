"""The learner's progress: a crash-safe, human-readable TOML file."""
