"""The rules of `ist check`, one module each, in the order `ist check --list-rules` shows them.

An explicit registry: a rule runs because it is listed here, not because a module was imported.
"""

from __future__ import annotations

from types import ModuleType

from ist.rules import (
    alias_conflict, duplicate_id, duplicate_text, extracted_claim, file_name, quote_not_found, schema,
    source_text, stated_after_published, unknown_actor, unknown_group, unknown_topic, value_kind, yaml_syntax,
)

RULES: dict[str, ModuleType] = {rule.ID: rule for rule in (
    yaml_syntax, schema, file_name, duplicate_id, duplicate_text, alias_conflict, unknown_group, unknown_actor,
    unknown_topic, value_kind, source_text, quote_not_found, stated_after_published, extracted_claim,
)}
