from zxcvbn.matching import RANKED_DICTIONARIES


class ZxcvbnCommonPasswords:
    """The 30,000 most common passwords of zxcvbn's frequency list, compared without regard to case."""

    def __init__(self) -> None:
        self._passwords = RANKED_DICTIONARIES["passwords"]

    def contains(self, password: str) -> bool:
        return password.lower() in self._passwords
