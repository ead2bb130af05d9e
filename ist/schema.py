"""The JSON Schema of a claim file, for `ist schema` and for editors."""

from __future__ import annotations

import json

from ist.model import ClaimFile


def claim_file_schema() -> dict:
    schema = ClaimFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ist claim file"
    return schema


def claim_file_schema_text() -> str:
    return json.dumps(claim_file_schema(), indent=2, ensure_ascii=False) + "\n"
