"""Google FieldMask strings: `a.b,c(d,e)`, `gridProperties/rowCount`, `*`."""

from __future__ import annotations

import copy
from typing import Any

Path = tuple[str, ...]


def parse(mask: str | None) -> list[Path]:
    """The paths of a field mask; `*` is the path `("*",)`."""
    if not mask:
        return []
    paths: list[Path] = []

    def walk(text: str, prefix: Path) -> None:
        depth = 0
        start = 0
        parts = []
        for i, ch in enumerate(text):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(text[start:i])
                start = i + 1
        parts.append(text[start:])
        for part in parts:
            part = part.strip()
            if not part:
                continue
            if "(" in part and part.endswith(")"):
                head, _, inner = part.partition("(")
                head_path = prefix + tuple(p for p in head.replace("/", ".").split(".") if p)
                walk(inner[:-1], head_path)
            else:
                paths.append(prefix + tuple(p for p in part.replace("/", ".").split(".") if p))

    walk(mask, ())
    return paths


def get(obj: Any, path: Path) -> tuple[bool, Any]:
    """(found, value) at a path in nested dicts."""
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return False, None
        obj = obj[key]
    return True, obj


def apply_update(target: dict[str, Any], source: dict[str, Any], paths: list[Path]) -> None:
    """Copy the masked paths from source to target; a path missing in source is cleared."""
    for path in paths:
        if path == ("*",):
            keep = {k: v for k, v in target.items() if k in ("sheetId",)}
            target.clear()
            target.update(copy.deepcopy(source))
            target.update(keep)
            continue
        found, value = get(source, path)
        node = target
        for key in path[:-1]:
            if not isinstance(node.get(key), dict):
                if not found:
                    node = None
                    break
                node[key] = {}
            node = node[key]
        if node is None:
            continue
        if found and value is not None:
            node[path[-1]] = copy.deepcopy(value)
        else:
            node.pop(path[-1], None)


def project(obj: Any, paths: list[Path]) -> Any:
    """Keep only the masked paths of a response; lists are traversed element by element."""
    if not paths or any(p == ("*",) or not p for p in paths):
        return obj
    if isinstance(obj, list):
        return [project(item, paths) for item in obj]
    if not isinstance(obj, dict):
        return obj
    grouped: dict[str, list[Path]] = {}
    for path in paths:
        grouped.setdefault(path[0], []).append(path[1:])
    out: dict[str, Any] = {}
    for key, rests in grouped.items():
        if key not in obj:
            continue
        if any(not rest for rest in rests):
            out[key] = obj[key]
        else:
            out[key] = project(obj[key], rests)
    return out
