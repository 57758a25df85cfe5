"""Acting as a member of a team ledger in tests: the `team` fixture's people (wang 王主任, a
lead; zhang 张三; li 李四) each connect with their own login role."""

from __future__ import annotations


def ok(result):
    """A command that must have succeeded."""
    assert result.code == 0, result.stderr
    return result


def act_as(team, monkeypatch, role: str) -> None:
    """The next commands connect as `role` (its person acts; no --as, no LUOSHI_USER)."""
    monkeypatch.delenv("LUOSHI_USER", raising=False)
    monkeypatch.setenv("LUOSHI_DB", team.url(role))
