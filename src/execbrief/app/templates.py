"""What a user starts from: the commented incident template (`init`) and the JSON Schema
of the incident file (`schema`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from execbrief.errors import InputError


def incident_template() -> str:
    """The commented incident template, as bundled with the package."""
    from importlib.resources import files

    return files("execbrief").joinpath("templates", "incident.yaml").read_text("utf-8")


def write_incident_template(file: Path) -> None:
    """Write the template to `file`, which must not exist: execbrief never overwrites
    the user's work, not even in a race. InputError when it exists or cannot be written."""
    if file.exists():
        raise InputError.single(
            "the file already exists; execbrief never overwrites your work",
            file=str(file),
            hint="pick another name, or move the old file away first",
        )
    from execbrief.app.files import write_new

    try:
        write_new(file, incident_template())
    except FileExistsError:
        raise InputError.single(
            "the file appeared while we were writing; it was left as it is", file=str(file)
        ) from None
    except OSError as exc:
        raise InputError.single(f"cannot write: {exc.strerror}", file=str(file)) from None


def incident_schema() -> dict[str, Any]:
    """The JSON Schema of the incident file, for editors and validators."""
    from execbrief.core.incident import Incident

    document = Incident.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "execbrief incident file, format 1"
    return document
