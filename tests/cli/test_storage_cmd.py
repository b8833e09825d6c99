"""``resume-ner storage backup|restore``: the output root to and from a URL, with a summary."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from resume_ner.cli.app import app

runner = CliRunner()


def test_backup_then_restore_into_an_empty_root(tmp_path: Path) -> None:
    root = tmp_path / "outputs"
    (root / "training").mkdir(parents=True)
    (root / "training" / "model.bin").write_bytes(b"weights")
    (root / "index.jsonl").write_text("{}\n")
    (root / ".index.lock").write_text("")
    url = f"file://{tmp_path}/drive/backup"
    backup = ["storage", "backup", url, "-s", f"paths.output_root={root}"]
    first = runner.invoke(app, backup)
    assert first.exit_code == 0, first.output
    assert "2 copied (10 bytes), 0 unchanged, 0 failed" in first.stdout
    second = runner.invoke(app, backup)
    assert "0 copied (0 bytes), 2 unchanged, 0 failed" in second.stdout
    empty = tmp_path / "fresh"
    restored = runner.invoke(
        app,
        [
            "storage",
            "restore",
            "--set",
            f"paths.output_root={empty}",
            "--set",
            f"storage.backup_url={url}",
        ],
    )
    assert restored.exit_code == 0, restored.output
    assert "2 copied" in restored.stdout
    assert (empty / "training" / "model.bin").read_bytes() == b"weights"
    assert not (empty / ".index.lock").exists()


def test_errors_name_the_url_and_exit_non_zero(tmp_path: Path) -> None:
    root = tmp_path / "outputs"
    root.mkdir()
    result = runner.invoke(
        app, ["storage", "backup", "foo://x/y", "-s", f"paths.output_root={root}"]
    )
    assert result.exit_code == 1
    assert "cannot open storage URL 'foo://x/y'" in result.stderr
    missing = runner.invoke(app, ["storage", "restore", "-s", f"paths.output_root={root}"])
    assert missing.exit_code == 2 and "storage.backup_url" in missing.stderr
    nothing = runner.invoke(
        app, ["storage", "restore", str(tmp_path / "none"), "-s", f"paths.output_root={root}"]
    )
    assert nothing.exit_code == 1 and "nothing to restore" in nothing.stderr
