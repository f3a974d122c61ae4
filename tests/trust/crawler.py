"""An anonymous visitor's crawl of the public site: every page, feed and download reachable
by links from the home page (and the sitemap and robots.txt), GET only, same host only. The
one crawler of the suite: the privacy and leak tests and the public pages' checks read it."""

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

LINK_ATTRIBUTES = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']+)["']""", re.I)
XML_LINKS = re.compile(r"<(?:loc|link|id|guid)>\s*([^<\s]+)\s*</", re.I)
JSON_LINKS = re.compile(r'"((?:https?://testserver)?/[^"\s]*)"')
ROBOTS_LINKS = re.compile(r"^Sitemap: (\S+)$", re.M)
START = ("/", "/sitemap.xml", "/robots.txt")
SKIPPED = ("/static/",)
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/rss", "application/atom")


@dataclass
class Crawl:
    pages: dict = field(default_factory=dict)  # url -> extracted text, for each 200
    statuses: dict = field(default_factory=dict)  # url -> status code, for every url
    content_types: dict = field(default_factory=dict)  # url -> Content-Type
    bodies: dict = field(default_factory=dict)  # url -> the response's body, as sent
    get_forms: list = field(default_factory=list)  # (page url, action url, [text inputs])
    complete: bool = False  # every link followed, within the limit

    def text(self):
        return "\n".join(self.pages.values())


def _same_host(url):
    parsed = urlparse(url)
    return parsed.scheme in ("", "http", "https") and parsed.netloc in ("", "testserver")


def _pdf_text(content):
    if not shutil.which("pdftotext"):
        raise AssertionError("A public PDF needs pdftotext (poppler-utils) to be checked.")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        result = subprocess.run(
            ["pdftotext", pdf.name, "-"], capture_output=True, text=True, timeout=60
        )
    return result.stdout


def extract_text(response, content):
    """Everything a reader of the response could see, as text (zip parts unpacked)."""
    content_type = response.get("Content-Type", "")
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    if content.startswith(b"%PDF-"):
        return _pdf_text(content) + content.decode("latin-1")
    text = content.decode("utf-8", "replace")
    if "html" in content_type or "xml" in content_type:
        text = unescape(text)
    return text


def links_in(text, base):
    """Every same-host address in a page, feed, sitemap, robots.txt or download, resolved
    against the address `base` it was found on ("?page=2" links included)."""
    found = LINK_ATTRIBUTES.findall(text) + XML_LINKS.findall(text) + JSON_LINKS.findall(text)
    found += ROBOTS_LINKS.findall(text)
    for link in found:
        link = urldefrag(urljoin(base, unescape(link).strip()))[0]
        if not _same_host(link):
            continue
        parsed = urlparse(link)
        yield parsed.path + (f"?{parsed.query}" if parsed.query else "")


def _decoded(content):
    if content.startswith((b"PK\x03\x04", b"%PDF-")):
        return content.decode("latin-1")
    return content.decode("utf-8-sig", "replace")


class _GetForms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._current = (attrs.get("action") or "", [])
        elif tag == "form":
            self._current = None
        elif tag == "input" and self._current is not None:
            if (attrs.get("type") or "text") in ("text", "search") and attrs.get("name"):
                self._current[1].append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def crawl(client, start=START, limit=2000, skip=SKIPPED):
    """Follow every same-host link an anonymous visitor can see, breadth first, leaving out
    addresses that start with one of `skip`; each address is fetched once."""
    result = Crawl()
    queue = deque(url for url in dict.fromkeys(start) if not url.startswith(skip))
    seen = set(queue)
    while queue and len(result.statuses) < limit:
        url = queue.popleft()
        response = client.get(url)
        result.statuses[url] = response.status_code
        result.content_types[url] = response.get("Content-Type", "")
        content = response.getvalue()
        body = result.bodies[url] = _decoded(content)
        targets = list(links_in(body, url))
        if response.status_code in (301, 302, 303, 307, 308):
            targets.append(response["Location"])
        elif response.status_code == 200:
            text = extract_text(response, content)
            result.pages[url] = text
            targets += links_in(text, url)
            if "html" in response.get("Content-Type", ""):
                parser = _GetForms()
                parser.feed(text)
                for action, inputs in parser.forms:
                    action_path = urlparse(urljoin(url, action)).path
                    result.get_forms.append((url, action_path, inputs))
        for target in targets:
            target = urldefrag(urljoin(url, target))[0]
            if _same_host(target):
                parsed = urlparse(target)
                path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
                if path not in seen and not path.startswith(skip):
                    seen.add(path)
                    queue.append(path)
    result.complete = not queue
    return result
