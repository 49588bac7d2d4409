"""Frames between the grader and a worker: a 4-byte big-endian length, then that many bytes of
JSON. Standard library only: the worker side runs inside the sandbox."""

from __future__ import annotations

import json
import os
import struct

MAX_FRAME = 16 * 2**20  # a frame larger than this is a broken channel, not an answer


class ChannelBroken(Exception):
    """The other side closed the channel or sent something that is not a frame."""


def send(fd: int, message: dict) -> None:
    data = json.dumps(message, allow_nan=False, separators=(",", ":")).encode()
    if len(data) > MAX_FRAME:
        raise ValueError(f"a frame of {len(data)} bytes is over the limit of {MAX_FRAME}")
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def read_exactly(fd: int, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise ChannelBroken("the channel closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def decode(header: bytes, read) -> dict:
    """The message behind a 4-byte header; ``read(n)`` returns exactly n more bytes."""
    (size,) = struct.unpack(">I", header)
    if size > MAX_FRAME:
        raise ChannelBroken(f"a frame of {size} bytes announced (the limit is {MAX_FRAME})")
    try:
        message = json.loads(read(size))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ChannelBroken(f"a frame that is not JSON ({type(e).__name__})") from None
    if not isinstance(message, dict):
        raise ChannelBroken("a frame that is not a JSON object")
    return message


def receive(fd: int) -> dict:
    """The next message (blocking)."""
    return decode(read_exactly(fd, 4), lambda n: read_exactly(fd, n))
