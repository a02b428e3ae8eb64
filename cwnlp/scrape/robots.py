"""robots.txt rules for one origin, read with protego (RFC 9309 semantics).

* 2xx: the file's rules apply (parsed by protego).
* 4xx: no usable file, so everything is allowed (RFC 9309 section 2.3.1.3).
* 5xx, network error, or a body we could not read: the site is treated as
  fully disallowed for this run (section 2.3.1.4); that answer is not cached on
  disk, so the next run asks again.
"""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

MAX_CRAWL_DELAY = 30.0  # a robots.txt may slow us down, but not stall a crawl


@dataclass
class RobotsRules:
    """What one origin's robots.txt allows."""

    origin: str
    parser: Protego | None = None
    blocked: str | None = None  # set when the whole origin is off limits

    def why_not(self, url: str, user_agent: str) -> str | None:
        """Failure text if ``url`` may not be fetched, else None."""
        if self.blocked:
            return self.blocked
        if self.parser is not None and not self.parser.can_fetch(url, agent_token(user_agent)):
            return f"robots.txt disallows {url} for {agent_token(user_agent)}"
        return None

    def crawl_delay(self, user_agent: str) -> float | None:
        """The Crawl-delay for us, capped at :data:`MAX_CRAWL_DELAY` seconds."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent_token(user_agent))
        return None if delay is None else min(float(delay), MAX_CRAWL_DELAY)


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups match on: ``cwnlp`` from ``cwnlp/0.1 (...)``."""
    token = user_agent.strip().split("/", 1)[0].split(" ", 1)[0]
    return token or "*"


def robots_url(origin: str) -> str:
    """The robots.txt URL of ``scheme://host[:port]``."""
    return origin.rstrip("/") + "/robots.txt"


def rules_from_answer(origin: str, status: int, body: bytes) -> RobotsRules:
    """Rules from the status and body of a robots.txt response."""
    if 200 <= status < 300:
        text = body.decode("utf-8", errors="replace").lstrip("\ufeff")
        return RobotsRules(origin, parser=Protego.parse(text))
    if 400 <= status < 500:
        return RobotsRules(origin)
    return unavailable(origin, f"HTTP {status}")


def unavailable(origin: str, why: str) -> RobotsRules:
    """Rules that refuse the whole origin because its robots.txt could not be read."""
    return RobotsRules(origin, blocked=f"robots.txt of {origin} unavailable ({why}); not fetching")
