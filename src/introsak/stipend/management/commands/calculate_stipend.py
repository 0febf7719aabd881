"""`introsak calculate-stipend FILE.json`: the stipend for a scenario, as JSON.

The scenario format is the one the API and the calculator page take (docs/api.md). A bad
scenario exits with code 2 and a message that names the field.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand
from django.utils import translation

from introsak.stipend import calculation as calc
from introsak.stipend import selectors


class Command(BaseCommand):
    help = "Calculate the introduction stipend for a scenario in a JSON file (- for stdin)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The scenario as JSON, or - to read standard input.")

    def handle(self, *args, file: str, **options):
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as error:
            self._fail("file", f"cannot read {file}: {error.strerror}")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self._fail("scenario", f"not valid JSON (line {error.lineno}: {error.msg})")
        try:
            result = calc.calculate(calc.parse_scenario(data), selectors.policy())
        except calc.ScenarioError as error:
            with translation.override("en"):
                self._fail(
                    error.field, error.message % error.params if error.params else error.message
                )
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))

    def _fail(self, field: str, message: str):
        self.stderr.write(f"error: {field}: {message}")
        sys.exit(2)
