"""Profile text that tries to steer the theme rather than run a script (issue 10).

Material's scripts read elements by id (``#__config`` before its own
configuration, ``#__search``, ``#__drawer``…) and by ``data-md-*`` attributes,
and load code from a CDN for ``.mermaid``; pymdownx.snippets includes files named
on a line of their own. A profile body or a text key must reach none of them,
whichever Markdown pass reads the page (the plugin's, or plain MkDocs on
``generate``'s tree).
"""

from __future__ import annotations

import json

SNIPPET_FILE = "secret-snippet.txt"
SNIPPET_SENTINEL = "SNIPPET-SENTINEL-8d1f"
EVIL_HOST = "evil.example"

STEERING_BODY = f"""\
Prefers calls.
 ~~~ {{#__config}}
 {{"base": "https://{EVIL_HOST}/p/", "search": "x", "features": [], "translations": {{}}}}
 ~~~
 end

~~~ {{#__search .md-dialog .mermaid data-md-component="dialog" title="t"}}
graph TD; A-->B
~~~

```{{#__drawer .mermaid}}
graph TD; C-->D
```

    ```{{#__toc}}
    indented fence
    ```

<div id="__palette_1" data-md-component="dialog" class="md-dialog mermaid" title="x" style="display:block">div</div>
<pre class="mermaid" id="__code_0"><code>graph TD; E-->F</code></pre>

A paragraph {{: #__skip .md-dialog data-md-component="dialog" }}

## A heading {{#__consent}}

--8<-- "{SNIPPET_FILE}"

--8<--
{SNIPPET_FILE}
--8<--
"""

# One line each: text keys are one line (line breaks become spaces).
STEERING_VALUES = (
    "__config",
    "__search",
    "{#__config} {: .md-dialog data-md-component=dialog }",
    f'--8<-- "{SNIPPET_FILE}"',
    "~~~ {.mermaid} graph TD; A-->B ~~~",
    '<span id="__drawer" data-md-component="dialog">x</span>',
)
STEERING_VALUE = " ".join(STEERING_VALUES)

MKDOCS_YML = """\
site_name: Steering playbook
theme:
  name: material
markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.snippets:
      base_path: ["."]
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
plugins:
  - search
  - playbook:
      today: "2026-11-23"
"""


def steering_files(value: str = STEERING_VALUE, body: str = STEERING_BODY) -> dict[str, str]:
    """A playbook whose every text key holds ``value`` and every body (``docs/index.md`` too) ``body``.

    The salesperson's phone and email stand alone on a line of the email script,
    so a snippets include in them is tried inside a fence too.
    """
    q = json.dumps(value, ensure_ascii=False)
    return {
        "mkdocs.yml": MKDOCS_YML,
        SNIPPET_FILE: f"{SNIPPET_SENTINEL}\n",
        "docs/index.md": f"# Welcome\n\n{body}",
        "docs/salespeople/maya-okafor.md": f"---\nname: {q}\ncompany: {q}\nemail: {q}\nphone: {q}\noffer: {q}\ntarget_roles: [{q}]\n---\n{body}",
        "docs/customers/priya-raman.md": (
            f"---\nname: {q}\ncompany: {q}\nrole: {q}\nemail: {q}\nphone: {q}\nreference: true\n"
            f"recent_project: {{title: {q}, finished: 2026-10-01, result: {q}}}\n"
            f"knows:\n  - contact: dana-ruiz\n    how: {q}\ntheir: [{q}]\n"
            f"asks:\n  - role: {q}\n    date: 2026-11-02\n    result: introduced\n---\n{body}"
        ),
        "docs/customers/greta-hansen.md": f"---\nname: {q}\nrole: {q}\ntheir: [{q}]\nlast_contact: 2025-01-02\n---\n{body}",
        "docs/customers/luis-ferreira.md": (
            f"---\nname: {q}\nknows:\n  - contact: mei-tanaka\nasks:\n  - contact: mei-tanaka\n    date: 2026-11-02\n---\n{body}"
        ),
        "docs/contacts/dana-ruiz.md": (
            f"---\nname: {q}\ncompany: {q}\nrole: {q}\nindustry: {q}\nwhy: {q}\njobs: [{q}]\ntags: [{q}]\npriority: 1\n"
            f"outcomes:\n  - statement: {q}\n    importance: 9\n    satisfaction: 2\n  - statement: {q}\n---\n{body}"
        ),
        "docs/contacts/mei-tanaka.md": f"---\nname: {q}\nstage: asked\n---\n{body}",
        "docs/questions/steering.md": f"---\ntitle: {q}\ntags: [{q}]\nquestions: [{q}]\n---\n{body}",
    }


def plain_files() -> dict[str, str]:
    """The same playbook with harmless text: the ids and attributes its pages carry are the templates' own."""
    return steering_files("Plain Text", "Prefers calls.\n")
