"""What a browser sends when someone submits a page's form without touching it.

`browser_post_data(html)` reads the rendered page with the standard library's HTML parser
and applies the browser's rules: a date or number box whose value it cannot read shows empty
and sends an empty string; unticked checkboxes and radios send nothing; a single select sends
its selected option or, when none is selected, its first one, and nothing when it has no
options; a textarea sends its text, without the newline that may follow the opening tag and
with line breaks as CRLF; disabled controls, files and unpressed buttons send nothing.
"""

import re
from html.parser import HTMLParser

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_NOT_SENT = {"submit", "button", "image", "reset", "file"}


def _input_value(attrs):
    value = attrs.get("value") or ""
    kind = (attrs.get("type") or "text").lower()
    if kind == "date" and not _ISO_DATE.fullmatch(value):
        return ""
    if kind == "number" and not _NUMBER.fullmatch(value):
        return ""
    if kind in ("checkbox", "radio"):
        return attrs.get("value", "on")
    return value


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # [{"attrs": {...}, "fields": [(name, value)], "buttons": {...}}]
        self.form = None
        self.select = None  # {"name", "multiple", "options": [[value, selected, text]]}
        self.option = None
        self.textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {"attrs": attrs, "fields": [], "buttons": {}}
            self.forms.append(self.form)
            return
        if self.form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind == "submit":
                self.form["buttons"][name] = attrs.get("value", "")
            elif kind in ("checkbox", "radio") and "checked" not in attrs:
                pass
            elif kind not in _NOT_SENT:
                self.form["fields"].append((name, _input_value(attrs)))
        elif tag == "button" and name and (attrs.get("type") or "submit") == "submit":
            self.form["buttons"][name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, ""]
            self.select["options"].append(self.option)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.option is not None:
            self.option[2] += data
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            self._finish_select()
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
            self.form["fields"].append((name, text))
            self.textarea = None

    def _finish_select(self):
        options = [
            (value if value is not None else " ".join(text.split()), selected)
            for value, selected, text in self.select["options"]
        ]
        chosen = [value for value, selected in options if selected]
        if not self.select["multiple"]:
            chosen = chosen[-1:] or [value for value, _selected in options[:1]]
        self.form["fields"].extend((self.select["name"], value) for value in chosen)
        self.select = None


def page_forms(html):
    """Every form of the page, in order: {"attrs", "fields": [(name, value)], "buttons"}."""
    parser = _FormParser()
    parser.feed(html if isinstance(html, str) else html.decode())
    parser.close()
    return parser.forms


def browser_post_data(html, *, press=None):
    """{name: [values]} the page's own form (the post form with no other address) sends,
    pressing the submit button named `press` if given."""
    forms = [
        form
        for form in page_forms(html)
        if (form["attrs"].get("method") or "get").lower() == "post"
        and not form["attrs"].get("action")
    ]
    assert len(forms) == 1, f"expected one form posting to the page, found {len(forms)}"
    form = forms[0]
    data = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    if press is not None:
        data[press] = [form["buttons"][press]]
    return data
