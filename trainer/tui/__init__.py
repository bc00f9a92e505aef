"""The Textual study app: a thin shell over trainer.study.session."""
