"""The polite, safe fetcher: URLs in, :class:`RawPage` or :class:`Failure` out.

One crawl is a single-threaded scheduler over a window of pending URLs.  Each
step makes at most one HTTP request, to the URL whose host is ready soonest, so
a per-host delay, a retry backoff or a Retry-After wait on one host never
holds up another.  Every input URL ends as exactly one result, yielded the
moment it is known, so a caller can store it at once and a killed crawl loses
nothing already yielded; with ``cache_dir`` set, a re-run takes every page
fetched before from disk and requests only the rest.

Choices worth knowing:

* ``RawPage.url`` is the URL as requested and ``RawPage.id`` derives from it;
  the final URL after redirects and the redirect chain are kept in the cache
  metadata (:meth:`PageCache.get_meta`).
* A truncated body (connection closed before Content-Length, cut chunked or
  gzip stream) is retried like a network error and ends as a Failure, never as
  a page: half an article would pass silently into the corpus.
* Cookies live in one session per host, so nothing set by one site is sent to
  another; the environment (proxies, .netrc credentials) is not read, so a run
  depends only on its settings.
"""

from __future__ import annotations

import email.utils
import time
import traceback
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import requests

from cwnlp.model import Failure, RawPage, now_iso
from cwnlp.pipeline import Batch
from cwnlp.scrape.body import ACCEPT_ENCODING, FetchError, binary_reason, read_body, sniff_binary
from cwnlp.scrape.cache import PageCache
from cwnlp.scrape.robots import RobotsRules, robots_url, rules_from_answer, unavailable
from cwnlp.scrape.urls import check_url, host_key, normalise_url, origin, url_id

STAGE = "fetch"
REDIRECT_CODES = (301, 302, 303, 307, 308)
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
ROBOTS_MAX_REDIRECTS = 5
MAX_SESSIONS = 16  # open per-host sessions kept; the least recently used is closed


@dataclass
class FetchSettings:
    """How politely, patiently and defensively to fetch."""

    user_agent: str = "cwnlp/0.1 (research crawler; contact: research-contact@example.org)"
    per_host_delay: float = 1.0  # seconds between the end of one request and the next, per host
    timeout: float = 20.0  # seconds for one request, body included
    max_retries: int = 3  # extra attempts after 5xx, 429, timeouts and connection errors
    backoff_base: float = 1.0  # retry n waits backoff_base * 2**n seconds (or Retry-After)
    max_retry_after: float = 120.0  # cap on a server's Retry-After, so it cannot stall us
    max_redirects: int = 5
    max_bytes: int = 10_000_000  # cap on the decompressed body
    crawl_time_limit: float | None = None  # seconds for the whole crawl; None = no limit
    cache_dir: Path | None = None
    respect_robots: bool = True
    robots_max_age: float = 86_400.0  # seconds a robots.txt on disk stays valid
    allowed_schemes: tuple[str, ...] = ("http", "https")
    accept_language: str = "zh-CN,zh;q=0.9,en;q=0.5"
    lookahead: int = 256  # input URLs held at once, so other hosts can go while one waits
    proxies: dict[str, str] | None = None
    verify_tls: bool = True


def iter_fetch(urls: Iterable[str], settings: FetchSettings | None = None) -> Iterator[RawPage | Failure]:
    """Fetch every URL; yield one RawPage or Failure per input URL as soon as it is done.

    Results come in completion order, not input order: ``RawPage.url`` and
    ``Failure.input`` name the input URL.  Raises ValueError for bad settings;
    nothing about a URL or a server ever raises.
    """
    settings = settings or FetchSettings()
    check_settings(settings)
    crawl = _Crawl(settings)
    try:
        yield from crawl.run(urls)
    finally:
        crawl.close()


def fetch_urls(urls: Iterable[str], settings: FetchSettings | None = None) -> Batch[RawPage]:
    """The fetch stage: all pages and failures of :func:`iter_fetch` in one Batch."""
    batch: Batch[RawPage] = Batch()
    for result in iter_fetch(urls, settings):
        if isinstance(result, Failure):
            batch.failures.append(result)
        else:
            batch.records.append(result)
    return batch


def check_settings(settings: FetchSettings) -> None:
    """Raise ValueError naming the first setting that cannot work."""
    positive = {"timeout": settings.timeout, "max_bytes": settings.max_bytes, "lookahead": settings.lookahead}
    non_negative = {
        "per_host_delay": settings.per_host_delay,
        "max_retries": settings.max_retries,
        "backoff_base": settings.backoff_base,
        "max_retry_after": settings.max_retry_after,
        "max_redirects": settings.max_redirects,
    }
    for name, value in positive.items():
        if not value > 0:
            raise ValueError(f"FetchSettings.{name} must be > 0, got {value!r}")
    for name, value in non_negative.items():
        if not value >= 0:
            raise ValueError(f"FetchSettings.{name} must be >= 0, got {value!r}")
    limit = settings.crawl_time_limit
    if limit is not None and not limit > 0:
        raise ValueError(f"FetchSettings.crawl_time_limit must be > 0 or None, got {limit!r}")
    if not settings.user_agent.strip():
        raise ValueError("FetchSettings.user_agent must name the crawler")


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class _Task:
    """One input URL on its way: where the next request goes and how it went so far."""

    url: str  # as requested
    hop: str  # URL of the next request (differs from url after a redirect)
    order: int
    chain: list[str]  # normalised URLs visited, for redirect-loop detection
    attempt: int = 0  # retries used on the current hop
    not_before: float = 0.0  # monotonic time before which the task must not run


Outcome = RawPage | Failure | _Task


@dataclass
class _Crawl:
    """State of one crawl; lives only inside one :func:`iter_fetch` call."""

    settings: FetchSettings
    started: float = field(default_factory=time.monotonic)
    sessions: OrderedDict[str, requests.Session] = field(default_factory=OrderedDict)
    last_done: dict[str, float] = field(default_factory=dict)  # host -> end of its last request
    delays: dict[str, float] = field(default_factory=dict)  # host -> delay, if robots asks for more
    robots: dict[str, RobotsRules] = field(default_factory=dict)

    @property
    def cache(self) -> PageCache | None:
        root = self.settings.cache_dir
        return PageCache(Path(root)) if root is not None else None

    @property
    def deadline(self) -> float:
        limit = self.settings.crawl_time_limit
        return float("inf") if limit is None else self.started + limit

    def close(self) -> None:
        for session in self.sessions.values():
            session.close()
        self.sessions.clear()

    # -- the scheduler -------------------------------------------------------

    def run(self, urls: Iterable[str]) -> Iterator[RawPage | Failure]:
        source = enumerate(urls)
        pending: list[_Task] = []
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.settings.lookahead:
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                started = self._start(item[1], item[0])
                if isinstance(started, _Task):
                    pending.append(started)
                else:
                    yield started
            if not pending:
                return
            if time.monotonic() >= self.deadline:
                yield from self._out_of_time(pending, source)
                return
            task, ready = self._pick(pending)
            wait = ready - time.monotonic()
            if wait > 0:
                time.sleep(min(wait, max(0.0, self.deadline - time.monotonic())) + 0.001)
                continue
            pending.remove(task)
            outcome = self._safe_step(task)
            if isinstance(outcome, _Task):
                pending.append(outcome)
            else:
                yield outcome

    def _start(self, url: object, order: int) -> Outcome:
        """Check an input URL and answer from the cache if possible."""
        text = url.strip() if isinstance(url, str) else url
        error = check_url(text, self.settings.allowed_schemes)
        if error:
            return Failure(input=str(url), stage=STAGE, error=error)
        assert isinstance(text, str)
        cached = self.cache.get(text) if self.cache else None
        if cached is not None:
            return cached
        return _Task(url=text, hop=text, order=order, chain=[normalise_url(text)])

    def _out_of_time(self, pending: list[_Task], source: Iterator[tuple[int, object]]) -> Iterator[Outcome]:
        """Crawl time is up: cached pages still come out, the rest become Failures."""
        error = f"crawl time limit of {self.settings.crawl_time_limit} s reached before this URL was fetched"
        for task in pending:
            yield self._fail(task, error)
        for order, url in source:
            started = self._start(url, order)
            yield self._fail(started, error) if isinstance(started, _Task) else started

    def _pick(self, pending: list[_Task]) -> tuple[_Task, float]:
        """The task that may run soonest (input order breaks ties) and when."""
        best = min(pending, key=lambda t: (self._ready_at(t), t.order))
        return best, self._ready_at(best)

    def _ready_at(self, task: _Task) -> float:
        host = host_key(task.hop)
        delay = self.delays.get(host, self.settings.per_host_delay)
        return max(task.not_before, self.last_done.get(host, float("-inf")) + delay)

    # -- one step: at most one request ---------------------------------------

    def _safe_step(self, task: _Task) -> Outcome:
        """:meth:`_step`, with any unexpected error turned into a Failure."""
        try:
            return self._step(task)
        except Exception as exc:  # the crawl must go on whatever one URL does
            detail = traceback.format_exc(limit=5)
            return self._fail(task, f"unexpected error: {type(exc).__name__}: {exc}", detail)

    def _step(self, task: _Task) -> Outcome:
        if task.hop == task.url and task.attempt == 0 and self.cache:
            cached = self.cache.get(task.url)  # a duplicate input may have fetched it meanwhile
            if cached is not None:
                return cached
        if self.settings.respect_robots:
            site = origin(task.hop)
            if site not in self.robots:
                self._load_robots(site)
                return task  # back in the queue, so the page waits its polite turn
            refusal = self.robots[site].why_not(task.hop, self.settings.user_agent)
            if refusal:
                return self._fail(task, refusal)
        try:
            with self._request(task.hop) as (resp, deadline, late):
                return self._handle(task, resp, deadline, late)
        except FetchError as err:
            return self._retry(task, err)

    def _handle(self, task: _Task, resp: requests.Response, deadline: float, late: str) -> Outcome:
        """Turn one response into a page, a failure, a redirect or a retry."""
        status = resp.status_code
        reason = f"HTTP {status} {resp.reason or ''}".strip()
        if status in REDIRECT_CODES:
            return self._redirect(task, resp)
        if status == 429 or 500 <= status < 600:
            return self._retry(task, FetchError(reason, retryable=True), resp.headers.get("Retry-After"))
        if not 200 <= status < 300:
            return self._fail(task, reason)
        content_type = resp.headers.get("Content-Type")
        refusal = binary_reason(content_type)
        if refusal:
            return self._fail(task, refusal)
        body = read_body(resp, self.settings.max_bytes, deadline, late)
        if not body.strip():
            return self._fail(task, f"empty body ({reason})")
        refusal = sniff_binary(body)
        if refusal:
            return self._fail(task, refusal)
        page = RawPage(
            id=url_id(task.url),
            content=body,
            url=task.url,
            final_url=task.hop,
            status=status,
            content_type=content_type,
            fetched_at=now_iso(),
        )
        if self.cache:
            self.cache.put(page, final_url=task.hop, redirects=task.chain[1:])
        return page

    def _redirect(self, task: _Task, resp: requests.Response) -> Outcome:
        location = resp.headers.get("Location")
        if not location:
            return self._fail(task, f"HTTP {resp.status_code} redirect without a Location header")
        target = urljoin(task.hop, _fix_location(location))
        refusal = check_url(target, self.settings.allowed_schemes)
        if refusal:
            return self._fail(task, f"redirect to refused URL {target!r}: {refusal}")
        normal = normalise_url(target)
        if normal in task.chain:
            return self._fail(task, "redirect loop: " + " -> ".join([*task.chain, normal]))
        if len(task.chain) > self.settings.max_redirects:
            chain = " -> ".join([*task.chain, normal])
            return self._fail(task, f"more than {self.settings.max_redirects} redirects: {chain}")
        return replace(task, hop=target, chain=[*task.chain, normal], attempt=0, not_before=0.0)

    def _retry(self, task: _Task, err: FetchError, retry_after: str | None = None) -> Outcome:
        """The task again after a backoff, or a Failure once retries are used up."""
        if not err.retryable or task.attempt >= self.settings.max_retries:
            tries = task.attempt + 1
            return self._fail(task, str(err) if tries == 1 else f"{err} (gave up after {tries} attempts)")
        delay = self.settings.backoff_base * 2**task.attempt
        asked = parse_retry_after(retry_after)
        if asked is not None:
            delay = max(delay, min(asked, self.settings.max_retry_after))
        return replace(task, attempt=task.attempt + 1, not_before=time.monotonic() + delay)

    def _fail(self, task: _Task, error: str, detail: str | None = None) -> Failure:
        if detail is None and task.hop != task.url:
            detail = f"while fetching {task.hop}"
        return Failure(input=task.url, stage=STAGE, error=error, detail=detail)

    # -- robots.txt ----------------------------------------------------------

    def _load_robots(self, site: str) -> None:
        """Read an origin's robots.txt (disk cache first) and note its Crawl-delay."""
        cached = self.cache.get_robots(site, self.settings.robots_max_age) if self.cache else None
        rules = rules_from_answer(site, *cached) if cached else self._fetch_robots(site)
        self.robots[site] = rules
        delay = rules.crawl_delay(self.settings.user_agent)
        if delay is not None and delay > self.settings.per_host_delay:
            self.delays[host_key(site)] = delay

    def _fetch_robots(self, site: str) -> RobotsRules:
        url = robots_url(site)
        for _ in range(ROBOTS_MAX_REDIRECTS + 1):
            try:
                with self._request(url) as (resp, deadline, late):
                    status = resp.status_code
                    location = resp.headers.get("Location")
                    if status in REDIRECT_CODES and location:
                        url = urljoin(url, _fix_location(location))
                        if check_url(url, self.settings.allowed_schemes):
                            return unavailable(site, f"redirect to refused URL {url!r}")
                        continue
                    body = b""
                    if 200 <= status < 300:
                        body = read_body(resp, ROBOTS_MAX_BYTES, deadline, late)
            except FetchError as err:
                return unavailable(site, str(err))
            if status < 500 and self.cache:
                self.cache.put_robots(site, status, body)
            return rules_from_answer(site, status, body)
        # RFC 9309: too many redirects means "unavailable", i.e. no rules apply.
        return rules_from_answer(site, 404, b"")

    # -- the HTTP layer --------------------------------------------------------

    @contextmanager
    def _request(self, url: str) -> Iterator[tuple[requests.Response, float, str]]:
        """GET ``url`` (streamed, no redirects) after the host's polite wait.

        Yields the open response, the time its body must be read by, and the
        message for missing that time.  Raises FetchError if no response came.
        """
        host = host_key(url)
        wait = self.last_done.get(host, float("-inf")) + self.delays.get(host, self.settings.per_host_delay)
        if wait > time.monotonic():
            time.sleep(max(0.0, min(wait, self.deadline) - time.monotonic()))
        deadline, late = self._request_deadline()
        if deadline <= time.monotonic():
            raise FetchError(late)
        budget = min(self.settings.timeout, deadline - time.monotonic())
        try:
            resp = self._session(host).get(
                url,
                timeout=(budget, budget),
                stream=True,
                allow_redirects=False,
                proxies=self.settings.proxies,
                verify=self.settings.verify_tls,
            )
        except requests.Timeout as exc:
            self.last_done[host] = time.monotonic()
            raise FetchError(f"timed out after {budget:.1f} s: {type(exc).__name__}", retryable=True) from exc
        except requests.ConnectionError as exc:
            self.last_done[host] = time.monotonic()
            raise FetchError(f"connection error: {_first_line(exc)}", retryable=True) from exc
        except requests.RequestException as exc:
            self.last_done[host] = time.monotonic()
            raise FetchError(f"request failed: {_first_line(exc)}") from exc
        try:
            yield resp, deadline, late
        finally:
            resp.close()
            self.last_done[host] = time.monotonic()

    def _request_deadline(self) -> tuple[float, str]:
        own = time.monotonic() + self.settings.timeout
        if self.deadline < own:
            return (
                self.deadline,
                f"crawl time limit of {self.settings.crawl_time_limit} s reached mid-request",
            )
        return own, f"request took longer than {self.settings.timeout} s"

    def _session(self, host: str) -> requests.Session:
        """The session of one host: its cookies are never sent anywhere else."""
        session = self.sessions.pop(host, None)
        if session is None:
            session = requests.Session()
            session.trust_env = False  # no proxies or .netrc credentials from the environment
            session.headers.update(
                {
                    "User-Agent": self.settings.user_agent,
                    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                    "Accept-Encoding": ACCEPT_ENCODING,
                    "Accept-Language": self.settings.accept_language,
                }
            )
        self.sessions[host] = session
        while len(self.sessions) > MAX_SESSIONS:
            _, oldest = self.sessions.popitem(last=False)
            oldest.close()
        return session


def _fix_location(location: str) -> str:
    """Undo http.client's latin-1 reading of a UTF-8 Location header (as requests does)."""
    try:
        return location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return location


def _first_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "..."
