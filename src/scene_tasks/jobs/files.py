"""Deleting pictures nobody points at any more (a replaced avatar, a removed cover or venue photo)."""

from __future__ import annotations

from scene_tasks.context import JobContext


async def delete_files(ctx: JobContext, *, keys: list[str]) -> int:
    """Sent after the commit that let go of the files, so a rolled-back change keeps them."""
    await ctx["runtime"].storage.delete(keys)
    return len(keys)
