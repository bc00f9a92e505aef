"""`trainer schema`: the JSON Schema of the bank format, generated from the models, for editors (e.g. a
TOML language server such as Taplo or Even Better TOML) to check a bank as a teacher types."""

from __future__ import annotations

import argparse
import json

from trainer.bank.models import Bank

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def bank_schema() -> dict:
    schema = Bank.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, **schema, "title": "trainer question bank"}


def run(args: argparse.Namespace) -> int:
    print(json.dumps(bank_schema(), indent=2, ensure_ascii=False))
    return 0
