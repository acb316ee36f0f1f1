"""A problem found in a submission: where it is, what was there, what was expected."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "feil"
WARNING = "advarsel"


@dataclass(frozen=True)
class Problem:
    """One problem, located as the user sees it (CSV line number or Excel row number)."""

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{'rad' if self.file.endswith('.xlsx') or ':' in self.file else 'linje'} {self.row}")
        if self.column:
            parts.append(f"kolonne «{self.column}»")
        return ", ".join(parts)

    def __str__(self) -> str:
        value = "" if self.value is None else f"verdien «{self.value}»: "
        return f"{self.location()}: {value}{self.expected}"

    def as_dict(self) -> dict:
        return {"fil": self.file, "rad": self.row, "kolonne": self.column,
                "verdi": None if self.value is None else str(self.value),
                "forventet": self.expected, "alvorlighet": self.severity}
