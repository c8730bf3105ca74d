#!/usr/bin/env python3
"""Validates Zane's OpenAPI document. Usage: scripts/check-openapi.py [path]
Needs openapi-spec-validator (pip install openapi-spec-validator)."""
import json
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "Sources/WebApp/Resources/openapi.json"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    try:
        from openapi_spec_validator import validate
    except ImportError:
        print("check-openapi: openapi-spec-validator is not installed (pip install openapi-spec-validator)", file=sys.stderr)
        return 2
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"check-openapi: cannot read {path} as JSON: {error}", file=sys.stderr)
        return 1
    try:
        validate(document)
    except Exception as error:  # the validator raises several error types
        print(f"check-openapi: {path} is not a valid OpenAPI document: {error}", file=sys.stderr)
        return 1
    print(f"check-openapi: {path} is valid OpenAPI {document.get('openapi')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
