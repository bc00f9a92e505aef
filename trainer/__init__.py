"""trainer: a study and quiz trainer for the terminal."""

__version__ = "0.1.0"
