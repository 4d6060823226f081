"""http:// and https:// inputs through httpx, bounded in time, size, redirects and retries."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from herald.errors import InputError
from herald.sources._archive import too_large

#: Tries after the first on a 5xx answer or a broken connection; a small number, since a batch
#: waits for them.
RETRIES = 2
#: Seconds before the first retry, doubled before each further one.
BACKOFF = 0.5
MAX_REDIRECTS = 5
#: The whole download, not just each wait for bytes, must end within this many timeouts, so a
#: server dripping bytes slowly cannot hold the batch for long.
_DOWNLOAD_TIMEOUTS = 4
_USER_AGENT = "herald/0.1 (+news event coding)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded body with what the server said it is, and where the redirects ended."""

    data: bytes
    media_type: str
    url: str


class _Retry(Exception):
    """A failure worth another try; carries the coded error to give if none succeeds."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def is_url(given: str) -> bool:
    return given[:8].lower().startswith(("http://", "https://"))


def fetch(url: str, *, max_bytes: int, timeout: float) -> Fetched:
    """GET ``url``; raise InputError E105 (too large), E116 (timeout), E117 (status), E118."""
    with httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": _USER_AGENT},
    ) as client:
        error = InputError("E118", path=url, detail="not tried")
        for attempt in range(RETRIES + 1):
            if attempt:
                time.sleep(BACKOFF * 2 ** (attempt - 1))
            try:
                return _get(client, url, max_bytes=max_bytes, timeout=timeout)
            except _Retry as retry:
                error = retry.error
        raise error


def _get(client: httpx.Client, url: str, *, max_bytes: int, timeout: float) -> Fetched:
    deadline = time.monotonic() + _DOWNLOAD_TIMEOUTS * timeout
    try:
        with client.stream("GET", url) as response:
            status = response.status_code
            if status >= 500:
                raise _Retry(InputError("E117", path=url, status=status))
            if not 200 <= status < 300:
                raise InputError("E117", path=url, status=status)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise InputError("E105", path=url, size=int(declared), limit=max_bytes)
            chunks: list[bytes] = []
            size = 0
            # Counted after content decoding, so a compressed body cannot unpack past the cap.
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise too_large(url, max_bytes)
                if time.monotonic() > deadline:
                    limit = _DOWNLOAD_TIMEOUTS * timeout
                    raise InputError("E116", path=url, detail=f"the download took over {limit} s")
                chunks.append(chunk)
            media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            return Fetched(b"".join(chunks), media, str(response.url))
    except httpx.TimeoutException as exc:
        # Not retried: a server too slow once is as slow a moment later, and each try costs a
        # whole timeout.
        detail = f"no answer within {timeout} s ({type(exc).__name__})"
        raise InputError("E116", path=url, detail=detail) from exc
    except httpx.TooManyRedirects as exc:
        detail = f"more than {MAX_REDIRECTS} redirects"
        raise InputError("E118", path=url, detail=detail) from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise InputError("E118", path=url, detail=str(exc)) from exc
    except httpx.TransportError as exc:
        # Refused or dropped connections are often momentary: worth the bounded retries.
        error = InputError("E118", path=url, detail=str(exc) or type(exc).__name__)
        raise _Retry(error) from exc
    except httpx.HTTPError as exc:
        raise InputError("E118", path=url, detail=str(exc) or type(exc).__name__) from exc
