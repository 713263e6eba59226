"""The one exception the pipeline raises for input a person must fix."""


class InputError(Exception):
    """A file that cannot be read as a members export (or an output folder that cannot be written).

    `message` is English (logs, developers); `message_vi` is the Vietnamese text shown to the unit's staff.
    Both are plain sentences that say what is wrong and how to fix it.

    Example:
        >>> err = InputError("Missing column: Số CCCD", "Thiếu cột: Số CCCD")
        >>> str(err)
        'Missing column: Số CCCD'
    """

    def __init__(self, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi


class SheetChoiceNeeded(InputError):
    """A workbook holds the member header on several sheets; a person chooses one of `sheets` (file order)."""

    def __init__(self, message: str, message_vi: str, sheets: list[str]) -> None:
        super().__init__(message, message_vi)
        self.sheets = sheets
