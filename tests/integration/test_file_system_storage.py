"""The file-system storage on its own: what a path may name."""

from pathlib import Path

import pytest

from adapters.storage.file_system_storage import FileSystemStorage


@pytest.fixture
def storage(tmp_path: Path) -> FileSystemStorage:
    (tmp_path / "media" / "avatars").mkdir(parents=True)
    (tmp_path / "media" / "avatars" / "a.png").write_bytes(b"png")
    (tmp_path / "secret.key").write_text("key")
    (tmp_path / "media" / "avatars" / "out").symlink_to(tmp_path / "secret.key")
    return FileSystemStorage(tmp_path / "media")


def test_a_plain_path_inside_the_folder_is_its_file(storage: FileSystemStorage, tmp_path: Path) -> None:
    assert storage.locate("avatars/a.png") == (tmp_path / "media" / "avatars" / "a.png").resolve()


@pytest.mark.parametrize(
    "path",
    [
        "../secret.key",
        "avatars/../../secret.key",
        "./avatars/a.png",
        "avatars/./a.png",
        "avatars//a.png",
        "/etc/passwd",
        "avatars/out",
        ".staging/x.part",
        "avatars/a.png\x00.jpg",
        "avatars/" + "a" * 300,
        "",
    ],
)
def test_no_other_spelling_and_nothing_outside_or_in_staging_is_a_file(storage: FileSystemStorage, path: str) -> None:
    assert storage.locate(path) is None
