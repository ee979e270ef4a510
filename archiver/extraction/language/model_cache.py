"""py3langid's model kept decompressed between runs, so that a crawl does not decompress it.

The model ships xz-compressed (4.6 MB, 68 MB decompressed); lzma takes about 0.5 s of a
core to decompress it, in the forkserver, at every crawl's start, while the crawl
process starts up on the other core. The decompressed file (numpy's .npz, as
py3langid's own loader reads it) is kept in the cache folder (archiver.run.cache_folder)
under a name of the compressed model's digest, written under a name of its own and
renamed; reading it back takes a twentieth of that. A copy that cannot be read is
decompressed again and replaced; where the folder cannot be written, the model is
decompressed into a temporary file, as without the cache.
"""

from __future__ import annotations

import logging
import lzma
import tempfile
import zipfile
from collections.abc import Callable
from typing import IO, TypeVar

from archiver.run.atomic import binary_file_atomically, remove_abandoned
from archiver.run.cache_folder import cache_file

logger = logging.getLogger(__name__)

Loaded = TypeVar("Loaded")
# The model is decompressed in pieces this large: py3langid decompresses in 1 MB reads,
# each taking the GIL back, while the forkserver loads the model in a thread beside
# dateparser's warm-up (archiver.extraction.preload), where each read waited for the
# other thread to yield (up to 5 ms).
DECOMPRESSED_CHUNK = 16 << 20
# What reading a damaged copy raises (numpy's .npz is a zip file).
UNREADABLE = (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile)


def cached_model(compressed: bytes, digest: str, load: Callable[[IO[bytes]], Loaded]) -> Loaded:
    """`load(file)` of the model decompressed: the cache's copy if it can be read, else
    the model decompressed now (and the copy written). `digest`: the compressed model's
    SHA-256, which names the copy."""
    path = cache_file(f"py3langid-model-{digest[:16]}.npz")
    if path is not None:
        remove_abandoned(path)  # (also where nothing is written: the copy is read)
        try:
            with open(path, "rb") as stream:
                return load(stream)
        except FileNotFoundError:
            pass
        except UNREADABLE as error:
            logger.debug("language model copy %s unreadable (%s): decompressing", path, error)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with binary_file_atomically(path) as stream:
                return _decompressed_and_loaded(compressed, stream, load)
        except OSError as error:  # (a damaged decompression raises LZMAError, not this)
            logger.debug("language model copy %s not written (%s)", path, error)
    with tempfile.TemporaryFile(suffix=".npz") as stream:
        return _decompressed_and_loaded(compressed, stream, load)


def _decompressed_and_loaded(compressed: bytes, stream: IO[bytes],
                             load: Callable[[IO[bytes]], Loaded]) -> Loaded:
    _decompress(compressed, stream)
    stream.flush()
    stream.seek(0)
    return load(stream)


def _decompress(compressed: bytes, into: IO[bytes]) -> None:
    decompressor = lzma.LZMADecompressor()
    into.write(decompressor.decompress(compressed, max_length=DECOMPRESSED_CHUNK))
    while not decompressor.eof:
        if decompressor.needs_input:  # cannot happen to the checked model's bytes
            raise EOFError("py3langid's model ends early")
        into.write(decompressor.decompress(b"", max_length=DECOMPRESSED_CHUNK))
