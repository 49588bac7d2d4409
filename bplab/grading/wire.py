"""Frames between the grader and a worker: a 4-byte big-endian length, then that many bytes of
JSON. Standard library only: the worker side runs inside the sandbox."""

from __future__ import annotations

import json
import os
import struct

MAX_FRAME = 16 * 2**20  # a frame larger than this is a broken channel, not an answer


class ChannelBroken(Exception):
    """The other side closed the channel or sent something that is not a frame."""


def encode(message: dict) -> bytes:
    data = json.dumps(message, allow_nan=False, separators=(",", ":")).encode()
    if len(data) > MAX_FRAME:
        raise ValueError(f"a frame of {len(data)} bytes is over the limit of {MAX_FRAME}")
    return struct.pack(">I", len(data)) + data


def send(fd: int, message: dict) -> None:
    """Write one frame (blocking: the worker's side; the grader writes with a deadline)."""
    view = memoryview(encode(message))
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
    data = read(size)
    try:
        message = json.loads(data)
    except (ValueError, RecursionError) as e:  # not JSON, nested too deep, a 10 000-digit int
        raise ChannelBroken(f"a frame that is not usable JSON ({type(e).__name__})") from None
    if not isinstance(message, dict):
        raise ChannelBroken("a frame that is not a JSON object")
    return message


def receive(fd: int) -> dict:
    """The next message (blocking)."""
    return decode(read_exactly(fd, 4), lambda n: read_exactly(fd, n))
