"""JSON Schemas of the files ambassade_opt reads and writes, for other SMart services.

A registry: each document kind has a name (``instance``, ``plan``, ...) and a target, which is a
pydantic model, a ``"module:attribute"`` path to one (imported only when asked for, so
registering costs nothing and cannot create import cycles), or a function returning a schema.
Modules that add an output register it next to its model::

    from ambassade_opt.schema import register_schema
    register_schema("governance", "ambassade_opt.governance.file_format:GovernanceFile",
                    "support group and meeting guests (DOMAIN.md section 6)")

``ambassade-opt schema --what NAME`` prints any registered schema; ``--list`` names them.

A schema says what one document looks like. Rules that span entities (unique ids, references
that resolve, dates within the year, ...) cannot be said in JSON Schema and are checked by
loading the document with this library.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from pydantic import BaseModel

from .errors import InputError

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

SchemaTarget = type[BaseModel] | str | Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class SchemaEntry:
    name: str
    description: str
    target: SchemaTarget


_REGISTRY: dict[str, SchemaEntry] = {}


def register_schema(name: str, target: SchemaTarget, description: str, *, replace: bool = False) -> None:
    """Make ``name`` available to :func:`json_schema` and ``ambassade-opt schema``.

    Registering the same name twice is an error unless ``replace``; registering the same model
    again (by path or by class, as when a module is reloaded) is fine.
    """
    existing = _REGISTRY.get(name)
    if existing is not None and not replace and _resolve(existing.target) is not _resolve(target):
        raise ValueError(f"a schema named {name!r} is already registered ({existing.target!r})")
    _REGISTRY[name] = SchemaEntry(name, description, target)


def schema_names() -> list[str]:
    return sorted(_REGISTRY)


def schema_entries() -> list[SchemaEntry]:
    return [_REGISTRY[name] for name in schema_names()]


def _resolve(target: SchemaTarget) -> type[BaseModel] | Callable[[], dict[str, Any]]:
    if isinstance(target, str):
        module_name, _, attribute = target.partition(":")
        resolved: Any = getattr(importlib.import_module(module_name), attribute)
        return resolved  # type: ignore[no-any-return]
    return target


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document kind ``name``."""
    entry = _REGISTRY.get(name)
    if entry is None:
        raise InputError([("schema", f"unknown schema {name!r}; one of {', '.join(schema_names())}")])
    target = _resolve(entry.target)
    if isinstance(target, type) and issubclass(target, BaseModel):
        body: dict[str, Any] = target.model_json_schema(mode="validation")
    else:
        make = cast(Callable[[], dict[str, Any]], target)
        body = make()
    schema: dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT}
    schema.update(body)
    schema.setdefault("title", name)
    if entry.description:
        schema["description"] = entry.description
    return schema


def schema_text(name: str) -> str:
    return json.dumps(json_schema(name), indent=1, ensure_ascii=False) + "\n"


register_schema(
    "instance",
    "ambassade_opt.model:Instance",
    "A mission year (DOMAIN.md section 2). Also checked on loading, beyond this schema: ids unique per "
    "list and per person, every reference resolves, missions and meetings start within `year`.",
)
register_schema(
    "policy",
    "ambassade_opt.model:Policy",
    "The policy object of an instance; alone, the policy.json of a folder of CSV sheets.",
)
register_schema(
    "plan",
    "ambassade_opt.plan:Plan",
    "A year plan (DOMAIN.md section 6): every mission in exactly one of assignments or unassigned.",
)
register_schema(
    "changes",
    "ambassade_opt.changes:Changes",
    "Changes during the year for `replan` (DOMAIN.md section 8).",
)
register_schema(
    "governance",
    "ambassade_opt.governance.file_format:GovernanceFile",
    "Support group and meeting guests with the sortition audit (DOMAIN.md section 6).",
)
register_schema(
    "actuals",
    "ambassade_opt.actuals.model:Actuals",
    "Mission reports (DOMAIN.md section 9): at most one per mission. Also checked on loading, beyond this "
    "schema: nobody twice in a report, no hours on a mission called off; against the year and the plan: "
    "known missions and people, hours for ambassadors only, a substitute replaces someone planned there "
    "of the same kind.",
)
register_schema(
    "training",
    "ambassade_opt.training.result:TrainingPlan",
    "A training plan (DOMAIN.md section 9): suggestions, coverage before and after, the plan made with the "
    "trainings added, and the profiles to recruit.",
)
