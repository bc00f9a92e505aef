"""Banks bundled with trainer, found by name: `trainer validate khasham`.

Each bank is a folder `question_bank/<name>/` holding `bank.toml` and its source texts.
"""
